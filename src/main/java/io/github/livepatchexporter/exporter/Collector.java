package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.ReadProblem;
import java.util.Set;

/**
 * One collector, as node_exporter has one per file: a name, what its flag says, the parts of the
 * kernel's state it shows, and how one scrape's snapshot becomes its samples. {@link
 * AllCollectors#LIST} registers it once; the flags, the config file's keys, the scrape and the
 * documentation's checks all come from there.
 */
interface Collector {
  /** As {@code --collector.<name>}, the {@code collector} label and the config file spell it. */
  String name();

  /** The flag's description, one sentence. */
  String description();

  /** What it reads, for the collectors' table of docs/metrics.md (Markdown). */
  String reads();

  /**
   * The parts of the kernel's state whose host-level files this collector shows: a problem with one
   * of them sets its {@code livepatch_scrape_collector_success} to 0.
   */
  Set<ReadProblem.Source> sources();

  /** The keys of its section under {@code collectors:} in {@code --config.file}. */
  default Set<String> configKeys() {
    return Set.of();
  }

  /** Whether it shows package facts: they are looked up only when an enabled collector does. */
  default boolean usesPackageFacts() {
    return false;
  }

  /**
   * Adds this scrape's samples. Returns false when what it shows is incomplete for a reason found
   * outside the kernel's files (already logged where it was found); problems with the kernel's
   * files are judged from {@link #sources()}.
   */
  boolean update(Scrape scrape, Samples out);
}
