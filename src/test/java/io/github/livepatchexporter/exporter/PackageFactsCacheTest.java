package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.testutil.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When package lookups run: in the background, once per change of the module set or interval. The
 * commands are recorded here; PackageMetricsIT runs the real rpm and zypper.
 */
class PackageFactsCacheTest {
  @TempDir Path tmp;

  @Test
  void neverInTheCallersThreadAndOnlyWhenStale() throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp);
    Path rootfs =
        Files.createDirectories(tmp.resolve("rootfs/lib/modules/6.1.0-28-amd64/livepatch"));
    Files.writeString(rootfs.resolve("livepatch-1-1-1.ko"), "");
    List<String> threads = new CopyOnWriteArrayList<>();
    Commands recording =
        (argv, timeout) -> {
          threads.add(Thread.currentThread().getName() + " " + argv.get(0));
          return new Commands.Result(
              1, "file " + argv.get(argv.size() - 3) + " is not owned by any package\n", "");
        };
    LivepatchState state = new StateReader(Fixtures.roots(root)).read(ReadOptions.ALL);
    try (PackageFactsCache facts =
        new PackageFactsCache(
            tmp.resolve("rootfs"),
            recording,
            Clock.systemUTC(),
            Duration.ofHours(1),
            true,
            new Log(new PrintWriter(new StringWriter()), Log.Level.error))) {
      PackageFactsCache.Snapshot first = facts.current(state);
      assertEquals(
          PackageFactsCache.Snapshot.NONE,
          first,
          "the first scrape gets no facts and does not wait");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (facts.current(state) == PackageFactsCache.Snapshot.NONE
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      int calls = threads.size();
      assertTrue(calls > 0, "a lookup ran");
      for (int i = 0; i < 20; i++) {
        facts.current(state);
      }
      Thread.sleep(200);
      assertEquals(calls, threads.size(), "no new lookup while the module set and interval hold");
      assertTrue(
          threads.stream().allMatch(t -> t.startsWith("package-facts rpm")), threads.toString());
    }
  }
}
