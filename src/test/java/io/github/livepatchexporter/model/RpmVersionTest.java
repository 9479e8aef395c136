package io.github.livepatchexporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from rpm's own test suite (rpmvercmp.at) and live patch editions. */
class RpmVersionTest {
  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource({
    "1.0, 1.0, 0",
    "1.0, 2.0, -1",
    "2.0, 1.0, 1",
    "2.0.1, 2.0.1, 0",
    "2.0, 2.0.1, -1",
    "2.0.1a, 2.0.1a, 0",
    "2.0.1a, 2.0.1, 1",
    "5.5p1, 5.5p2, -1",
    "5.5p10, 5.5p1, 1",
    "10xyz, 10.1xyz, -1",
    "xyz10, xyz10.1, -1",
    "xyz.4, 8, -1",
    "1b.fc17, 1.fc17, -1",
    "1.0~rc1, 1.0, -1",
    "1.0~rc1, 1.0~rc2, -1",
    "1.0~rc1~git123, 1.0~rc1, -1",
    "1.0^, 1.0, 1",
    "1.0^git1, 1.0^git2, -1",
    "1.0^git1, 1.01, -1",
    "1.0~rc1^git1, 1.0~rc1, 1",
    "010, 10, 0",
    "1_0, 1.0, 0",
  })
  void rpmvercmp(String a, String b, int expected) {
    assertEquals(expected, RpmVersion.compare(a, b));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource({
    "2-1.1, 10-1.1, -1",
    "3-150400.2.2, 3-150400.2.10, -1",
    "6-150400.2.2, 6-150400.2.2, 0",
    "7-1.1, 6-9.9, 1",
  })
  void editions(String a, String b, int expected) {
    assertEquals(expected, Integer.signum(RpmVersion.compareEditions(a, b)));
  }
}
