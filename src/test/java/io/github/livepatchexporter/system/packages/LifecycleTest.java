package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

  /** What zypper lifecycle accepts (SUSE/zypper-lifecycle, its test data and its parser). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          an empty date with a successor clears the date | x, *, , x-ng                   |
          no date at all                                 | x, *                           |
          a date and a time                              | x, *, 2027-01-31 12:30:00      | 2027-01-31T12:30:00Z
          ISO with zone                                  | x, *, 2027-01-31T12:30:00+01:00 | 2027-01-31T11:30:00Z
          slashes                                        | x, *, 2027/01/31               | 2027-01-31T00:00:00Z
          quoted fields                                  | "x", "*", "2027-01-31"         | 2027-01-31T00:00:00Z
          extra fields are ignored                       | x, *, 2027-01-31, x-ng, more   | 2027-01-31T00:00:00Z
          a regex name is searched, not anchored         | /x/, *, 2027-01-31              | 2027-01-31T00:00:00Z
          """)
  void acceptsWhatZypperLifecycleAccepts(String name, String line, String date) {
    Lifecycle l = Lifecycle.parse("SLES.lifecycle", "x,*,2020-01-01\n" + line + "\n");
    assertEquals(List.of(), l.problems(), name);
    assertEquals(
        Optional.ofNullable(date).map(Instant::parse), l.endOfSupport("x", "1", "1.1"), name);
  }

  @Test
  void anEmptyDateLineInAnotherProductsFileLeavesOursAlone() {
    Lifecycle l =
        Lifecycle.parse(
            "sle-module-hpc.lifecycle",
            "hdf5_*-gnu*-hpc, *, , hdf5_*-gnu<2>-hpc\n"
                + "kernel-livepatch-6_4_0-150600_23_1-default, *, 2026-06-30\n");
    assertEquals(List.of(), l.problems());
    assertEquals(
        Optional.of(Instant.parse("2026-06-30T00:00:00Z")),
        l.endOfSupport("kernel-livepatch-6_4_0-150600_23_1-default", "2", "150600.2.1"));
  }

  @Test
  void rejectedLinesAreOneProblemPerFileThatFailsNothing() {
    Lifecycle l =
        Lifecycle.parse(
            "bad.lifecycle",
            "a\nname,*,2024-13-45\n/[/,*,2024-01-01\n\"open,*,2024-01-01\nok,*,2024-01-01\n");
    assertEquals(
        List.of(
            new PackageProblem(
                PackageProblem.Kind.LIFECYCLE_LINES,
                "lifecycle data bad.lifecycle: 4 lines ignored (line 1: expected"
                    + " name,version[,date[,successor]])")),
        l.problems());
    assertFalse(l.problems().get(0).failsCollector());
    assertEquals(
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), l.endOfSupport("ok", "1", "1"));
  }

  /** A regex that backtracks for ever matches nothing, quickly, and the other lines still work. */
  @Test
  void aCatastrophicRegexMatchesNothing() {
    Lifecycle l =
        Lifecycle.parse(
            "evil.lifecycle", "kernel-livepatch-x, *, 2027-01-01\n/^(a+)+$/, *, 2020-01-01\n");
    String name = "a".repeat(40) + "!";
    assertEquals(Optional.empty(), l.endOfSupport(name, "1", "1"));
    assertEquals(
        Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
        l.endOfSupport("kernel-livepatch-x", "1", "1"));
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "*, '', true",
    "*, anything, true",
    "kernel-*-default, kernel-livepatch-6_4_0-default, true",
    "kernel-*-default, kernel-livepatch-6_4_0-defaultX, false",
    "2-150600.*, 2-150600.2.1, true",
    "2*, 12, false",
    "a*b*c, abxbc, true",
    "a*b*c, acb, false",
    "exact, exact, true",
    "exact, exac, false",
    "'', '', true",
  })
  void globs(String pattern, String s, boolean expected) {
    assertEquals(expected, Lifecycle.glob(pattern, s));
  }

  /** Many stars cost no more than a few passes over the name: no regex backtracking. */
  @Test
  void starsNeverBacktrackExponentially() {
    String pattern = "a*".repeat(30) + "b";
    assertEquals(false, Lifecycle.glob(pattern, "a".repeat(5000)));
  }
}
