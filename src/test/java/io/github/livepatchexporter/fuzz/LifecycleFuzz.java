package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.system.packages.Lifecycle;
import io.github.livepatchexporter.system.packages.PackageProblem;

/**
 * Lifecycle CSV: bad lines become one problem per file, in one line; nothing escapes. Names written
 * as {@code /regex/} are compiled by design (zypper lifecycle's format, from root's own files),
 * which Jazzer's regex-injection sanitizer reports whatever the code does: this target turns them
 * into plain names, and LifecycleTest covers regexes, a catastrophic one included.
 */
class LifecycleFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parse(FuzzedDataProvider data) {
    String name = data.consumeString(40);
    String version = data.consumeString(20);
    String text = data.consumeRemainingAsString().replace('/', '_');
    Lifecycle l = Lifecycle.parse("fuzz.lifecycle", text);
    l.endOfSupport(name, version, "1.1");
    if (l.problems().size() > 1) {
      throw new AssertionError(l.problems().toString());
    }
    for (PackageProblem p : l.problems()) {
      if (p.failsCollector() || p.message().contains("\n")) {
        throw new AssertionError(p.toString());
      }
    }
  }
}
