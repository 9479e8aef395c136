package io.github.livepatchexporter.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.testutil.PromText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoHostTest {
  /** A clock the test moves. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** An exporter of the demo host, as {@code serve --demo} builds it. */
  private static Exporter exporter(DemoHost host, Clock clock) {
    return Exporter.builder()
        .source(host)
        .log(new Log(new PrintWriter(new StringWriter()), Log.Level.info))
        .clock(clock)
        .build();
  }

  @Test
  void theStoryMovesEveryMetric() {
    StepClock clock = new StepClock();
    DemoHost host = new DemoHost(clock, Duration.ofSeconds(10));
    Exporter ex = exporter(host, clock);
    List<String> seen = new ArrayList<>();
    for (DemoHost.Phase expected : DemoHost.Phase.values()) {
      assertEquals(expected, host.phase());
      String m = ex.scrapeText();
      seen.add(
          expected
              + ": "
              + value(m, "livepatch_transition_in_progress")
              + " "
              + value(m, "livepatch_transition_blocking_processes"));
      clock.now = clock.now.plusSeconds(10);
    }
    assertEquals(
        List.of(
            "UNPATCHED: 0.0 0.0",
            "PATCH_LOADING: 1.0 12.0",
            "STALLED: 1.0 5.0",
            "STALLED_ON_D_STATE: 1.0 3.0",
            "PATCHED: 0.0 0.0",
            "REPLACING: 1.0 1.0",
            "REPLACED: 0.0 0.0"),
        seen);
    assertEquals(DemoHost.Phase.UNPATCHED, host.phase(), "the story starts over");
  }

  @Test
  void stalledPhasesShowEveryKindOfBlocker() {
    StepClock clock = new StepClock();
    DemoHost host = new DemoHost(clock, Duration.ofSeconds(10));
    clock.now = clock.now.plusSeconds(20);
    Exporter ex = exporter(host, clock);
    String m = ex.scrapeText();
    for (String[] threads :
        new String[][] {
          {"kernel", "I", "1"}, {"kernel", "D", "1"}, {"user", "D", "1"}, {"user", "S", "3"}
        }) {
      assertEquals(
          Optional.of(Double.parseDouble(threads[2])),
          PromText.value(
              m, "livepatch_transition_blocking_threads", "kind", threads[0], "state", threads[1]),
          m);
    }
    assertEquals(
        Optional.of(1.79543522E9),
        PromText.value(m, "livepatch_transition_start_timestamp_seconds"),
        m);
    clock.now = clock.now.plusSeconds(40);
    String replaced = ex.scrapeText();
    assertEquals(
        Optional.of(0.0),
        PromText.value(replaced, "livepatch_module_registered", "module", "livepatch_1_1_1"),
        replaced);
    assertEquals(
        Optional.of(1.0),
        PromText.value(replaced, "livepatch_patch_replace", "patch", "livepatch_2_1_1"),
        replaced);
  }

  private static String value(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .findFirst()
        .map(l -> l.substring(name.length() + 1))
        .orElse("missing");
  }
}
