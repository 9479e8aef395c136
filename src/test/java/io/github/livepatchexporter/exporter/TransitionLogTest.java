package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serving exporter logs a transition when it first sees it and when it is over, with its age. */
class TransitionLogTest {
  @TempDir Path tmp;

  private LivepatchState read(String scenario) throws Exception {
    Path root = Fixtures.copy(scenario, tmp.resolve(scenario));
    return new StateReader(Fixtures.roots(root)).read(ReadOptions.ALL);
  }

  @Test
  void startAndEndAreLoggedOnceEach() throws Exception {
    LivepatchState stalled = read("patching-stalled");
    LivepatchState done = read("one-enabled");
    AtomicReference<LivepatchState> now = new AtomicReference<>(done);
    AtomicReference<Instant> time = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return time.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    List<String> lines = new ArrayList<>();
    try (Exporter ex =
        Exporter.builder()
            .source(now::get)
            .collectors(java.util.Set.of("transition"))
            .clock(clock)
            .transitionLog(lines::add)
            .build()) {
      ex.scrapeText();
      now.set(stalled);
      ex.scrapeText();
      time.set(time.get().plusSeconds(90));
      ex.scrapeText();
      now.set(done);
      ex.scrapeText();
      ex.scrapeText();
    }
    assertEquals(
        List.of(
            "transition in progress: livepatch_sleeper_2_1_1/patching",
            "transition over: livepatch_sleeper_2_1_1/patching after 90 s"
                + " (counted from when this exporter first saw it)"),
        lines);
  }
}
