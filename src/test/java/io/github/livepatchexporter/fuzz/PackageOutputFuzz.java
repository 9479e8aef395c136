package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.model.RpmVersion;

/** rpm version comparison is a total order: antisymmetric on any two strings. */
class PackageOutputFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void compare(FuzzedDataProvider data) {
    String a = data.consumeString(30);
    String b = data.consumeRemainingAsString();
    int ab = Integer.signum(RpmVersion.compareEditions(a, b));
    int ba = Integer.signum(RpmVersion.compareEditions(b, a));
    if (ab != -ba) {
      throw new AssertionError(a + " vs " + b + ": " + ab + ", " + ba);
    }
  }
}
