package io.github.livepatchexporter.exporter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The collectors, in the order they are scraped: a new collector is one line here. */
public final class AllCollectors {
  static final List<Collector> LIST =
      List.of(
          new PatchesCollector(),
          new TransitionCollector(),
          new KgraftCollector(),
          new PackagesCollector());

  private AllCollectors() {}

  /** Their names, in order. */
  public static List<String> names() {
    return LIST.stream().map(Collector::name).toList();
  }

  /** Each one's flag description, by name, in order. */
  public static Map<String, String> descriptions() {
    return LIST.stream()
        .collect(
            Collectors.toMap(
                Collector::name,
                Collector::description,
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  /** The collectors' table of docs/metrics.md, in Markdown. */
  public static String table() {
    StringBuilder b = new StringBuilder("| collector | what it reads |\n|---|---|\n");
    for (Collector c : LIST) {
      b.append("| `").append(c.name()).append("` | ").append(c.reads()).append(" |\n");
    }
    return b.toString();
  }

  /** Each one's keys under {@code collectors:} in {@code --config.file}, by name. */
  public static Map<String, Set<String>> configKeys() {
    return LIST.stream().collect(Collectors.toMap(Collector::name, Collector::configKeys));
  }
}
