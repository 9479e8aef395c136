package io.github.livepatchexporter.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {
  static final Lifecycle DATA =
      Lifecycle.parse(
          "test.lifecycle",
          "# SLE Live Patching\n"
              + "kgraft-patch-3_12_32-33-default,*,2016-01-16\n"
              + "kernel-livepatch-5_14_21-150400_24_*-default, *, 2024-06-30   # SP4 stream\n"
              + "/kernel-livepatch-6_4_0-150600_23_[0-9]+-default/,2,2025-12-31\n"
              + "kernel-livepatch-6_4_0-150600_23_1-default,2-150600.2.1,2026-01-31,successor\n");

  @ParameterizedTest(name = "{0} {1}-{2}")
  @CsvSource({
    "kgraft-patch-3_12_32-33-default, 3, 2.1, 2016-01-16T00:00:00Z",
    "kernel-livepatch-5_14_21-150400_24_33-default, 6, 150400.2.2, 2024-06-30T00:00:00Z",
    "kernel-livepatch-6_4_0-150600_23_7-default, 2, 150600.1.1, 2025-12-31T00:00:00Z",
    "kernel-livepatch-6_4_0-150600_23_1-default, 2, 150600.2.1, 2026-01-31T00:00:00Z",
  })
  void matches(String name, String version, String release, String date) {
    assertEquals(Optional.of(Instant.parse(date)), DATA.endOfSupport(name, version, release));
  }

  @ParameterizedTest(name = "{0} {1}-{2}")
  @CsvSource({
    "kernel-livepatch-6_4_0-150600_23_7-default, 3, 150600.1.1",
    "kernel-livepatch-5_3_18-24_34-default, 1, 5.3.2",
    "kgraft-patch-3_12_32-33-defaultX, 3, 2.1",
  })
  void noMatch(String name, String version, String release) {
    assertEquals(Optional.empty(), DATA.endOfSupport(name, version, release));
  }

  @Test
  void badLinesAreReportedWithTheirNumbers() {
    Lifecycle l =
        Lifecycle.parse(
            "bad.lifecycle", "a,b\nname,*,2024-13-45\n/[/,*,2024-01-01\nok,*,2024-01-01\n");
    assertEquals(
        List.of(
            "bad.lifecycle:1: expected name,version,date[,successor]",
            "bad.lifecycle:2: expected a date as YYYY-MM-DD, got '2024-13-45'",
            "bad.lifecycle:3: bad regular expression /[/"),
        l.problems().stream().map(Object::toString).toList());
    assertEquals(
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), l.endOfSupport("ok", "1", "1"));
  }
}
