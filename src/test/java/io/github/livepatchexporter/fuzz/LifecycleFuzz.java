package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.system.Lifecycle;

/** Lifecycle CSV: bad lines become problems with a line number; nothing escapes. */
class LifecycleFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parse(FuzzedDataProvider data) {
    String name = data.consumeString(40);
    String version = data.consumeString(20);
    Lifecycle l = Lifecycle.parse("fuzz.lifecycle", data.consumeRemainingAsString());
    l.endOfSupport(name, version, "1.1");
    for (Lifecycle.Problem p : l.problems()) {
      if (p.line() < 1 || p.toString().contains("\n")) {
        throw new AssertionError(p.toString());
      }
    }
  }
}
