package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.PromText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Exporter#scrapeText()}, what {@code textfile} writes: one read of the kernel, shared by
 * the package lookup and the collectors, and no package lookup when that collector is off. The
 * commands are recorded here; PackageMetricsIT runs the real rpm and zypper, and ServeIT the real
 * {@code textfile}.
 */
class ScrapeTextTest {
  @TempDir Path tmp;

  final List<String> started = new CopyOnWriteArrayList<>();
  final Commands recording =
      (argv, timeout) -> {
        started.add(Thread.currentThread().getName() + " " + argv.get(0));
        return new Commands.Result(1, "", "not owned");
      };

  /** The stalled scenario with its patch module installed where the package lookup finds it. */
  Roots stalledHostWithModule() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path dir = Files.createDirectories(root.resolve("lib/modules/6.1.0-28-amd64/livepatch"));
    Files.writeString(dir.resolve("livepatch_sleeper_2_1_1.ko"), "");
    return new Roots(root.resolve("sys"), root.resolve("proc"), root);
  }

  String scrapeText(Roots roots, Set<String> collectors) {
    Log log = new Log(new PrintWriter(new StringWriter(), true), Log.Level.warn);
    try (Exporter exporter =
        Exporter.builder()
            .kernel(new StateReader(roots))
            .packages(roots.rootfs(), recording)
            .collectors(collectors)
            .log(log)
            .build()) {
      return exporter.scrapeText();
    }
  }

  @Test
  void oneWalkOfProcAndTheLookupInTheCallersThread() throws Exception {
    String text = scrapeText(stalledHostWithModule(), Set.copyOf(AllCollectors.names()));
    assertEquals(Optional.of(1.0), PromText.value(text, "livepatch_proc_walks_total"), text);
    assertEquals(
        Optional.of(4.0), PromText.value(text, "livepatch_transition_blocking_processes"), text);
    String me = Thread.currentThread().getName();
    assertTrue(!started.isEmpty(), "the package lookup ran");
    assertTrue(started.stream().allMatch(s -> s.equals(me + " rpm")), started.toString());
  }

  @Test
  void noPackageLookupWhenThatCollectorIsOff() throws Exception {
    String text = scrapeText(stalledHostWithModule(), Set.of("patches", "transition", "kgraft"));
    assertEquals(List.of(), started, "commands started");
    assertEquals(Optional.of(1.0), PromText.value(text, "livepatch_proc_walks_total"), text);
    assertTrue(!text.contains("collector=\"packages\""), text);
  }
}
