package io.github.livepatchexporter.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The capability check of /proc/self/status (SystemdHostIT sees the unit's real one). */
class CurrentUserTest {
  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(
            "the shipped unit: CAP_DAC_READ_SEARCH",
            "Uid:\t997\nCapEff:\t0000000000000004\n",
            true),
        Arguments.of("CAP_DAC_OVERRIDE", "CapEff:\t0000000000000002\n", true),
        Arguments.of("root's full set", "CapEff:\t000001ffffffffff\n", true),
        Arguments.of("none", "CapPrm:\t0000000000000004\nCapEff:\t0000000000000000\n", false),
        Arguments.of("other capabilities only", "CapEff:\t0000000000200000\n", false),
        Arguments.of("no CapEff line", "Name:\tjava\n", false),
        Arguments.of("garbage", "CapEff:\tzz\n", false),
        Arguments.of("empty", "", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void readsOthersFiles(String name, String status, boolean expected) {
    assertEquals(expected, CurrentUser.readsOthersFiles(status));
  }
}
