package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.PromText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --collector.*} flags come from the collectors' list: one per collector in the help,
 * each turns its collector on or off, and {@code --collector.disable-defaults} leaves only those
 * named, as node_exporter's does.
 */
class CollectorFlagsTest {
  @TempDir Path tmp;

  /** The collectors a one-shot scrape with these flags reports on. */
  private Set<String> collectorsWith(String... flags) throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp.resolve("fx" + System.nanoTime()));
    Path out = tmp.resolve("out" + System.nanoTime() + ".prom");
    List<String> args = new ArrayList<>(List.of("textfile"));
    args.addAll(Fixtures.rootArgs(root));
    args.addAll(List.of(flags));
    args.add("--no-collector.packages");
    args.add(out.toString());
    CliRun r = CliRun.run(Tool.EXPORTER, args.toArray(String[]::new));
    assertEquals(0, r.exit, r.err);
    return PromText.parse(Files.readString(out)).stream()
        .filter(s -> s.name().equals("livepatch_scrape_collector_success"))
        .map(s -> s.labels().get("collector"))
        .collect(Collectors.toSet());
  }

  @Test
  void everyCollectorHasItsFlagInTheHelp() {
    CliRun help = CliRun.run(Tool.EXPORTER, "serve", "--help");
    for (String name : AllCollectors.names()) {
      assertTrue(help.out.contains("--[no-]collector." + name), name + ":\n" + help.out);
    }
    assertTrue(help.out.contains("--collector.disable-defaults"), help.out);
  }

  @Test
  void flagsTurnCollectorsOnAndOff() throws Exception {
    Set<String> all = new HashSet<>(AllCollectors.names());
    all.remove("packages");
    assertEquals(all, collectorsWith());
    Set<String> allButTransition = new HashSet<>(all);
    allButTransition.remove("transition");
    assertEquals(allButTransition, collectorsWith("--no-collector.transition"));
    assertEquals(Set.of(), collectorsWith("--collector.disable-defaults"));
    assertEquals(
        Set.of("transition"),
        collectorsWith("--collector.disable-defaults", "--collector.transition"));
    assertEquals(
        Set.of("transition"),
        collectorsWith("--collector.transition", "--collector.disable-defaults"),
        "the order of the flags does not matter");
  }
}
