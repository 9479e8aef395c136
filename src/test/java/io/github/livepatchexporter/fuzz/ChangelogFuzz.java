package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.system.packages.Changelog;
import java.util.HashSet;

/** The RPM changelog parser never fails and never repeats an entry. */
class ChangelogFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parse(FuzzedDataProvider data) {
    Changelog.Fixes f = Changelog.parse(data.consumeRemainingAsString());
    if (new HashSet<>(f.cves()).size() != f.cves().size()
        || new HashSet<>(f.bugs()).size() != f.bugs().size()) {
      throw new AssertionError("duplicates in " + f);
    }
    for (String cve : f.cves()) {
      if (!cve.matches("CVE-\\d{4}-\\d{4,7}")) {
        throw new AssertionError(cve);
      }
    }
  }
}
