package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.system.BuildInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The exporter's one client_java collector: reads once per scrape (shared with concurrent scrapes),
 * runs each enabled collector on that snapshot, and reports per collector whether it succeeded. It
 * never throws: a failing collector sets its success gauge to 0 and the rest is served.
 */
public final class LivepatchCollector implements MultiCollector {
  /** Collector names, as {@code --collector.<name>} and the {@code collector} label spell them. */
  public static final List<String> COLLECTORS =
      List.of("patches", "transition", "kgraft", "packages");

  private final SharedReader reader;
  private final TransitionClock clock;
  private final Set<String> enabled;
  private final int topCommands;
  private final String version;
  private final Consumer<String> errorLog;
  private final PackageFactsCache facts;

  LivepatchCollector(
      PackageFactsCache facts,
      SharedReader reader,
      TransitionClock clock,
      Set<String> enabled,
      int topCommands,
      String version,
      Consumer<String> errorLog) {
    this.reader = reader;
    this.clock = clock;
    this.enabled = Set.copyOf(enabled);
    this.topCommands = topCommands;
    this.version = version;
    this.errorLog = errorLog;
    this.facts = facts;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(read());
  }

  /**
   * One scrape whose package facts are looked up first, in this thread, from the same read: for a
   * one-shot run ({@code textfile}), which has no later scrape to show a background lookup.
   */
  MetricSnapshots collectNow() {
    SharedReader.Read read = read();
    if (read != null && facts != null && enabled.contains("packages")) {
      facts.refreshNow(read.state());
    }
    return collect(read);
  }

  /** The shared read, or null when it failed (logged): the scrape still reports that. */
  private SharedReader.Read read() {
    try {
      return reader.read();
    } catch (RuntimeException e) {
      errorLog.accept("reading the kernel's state failed: " + e);
      return null;
    }
  }

  private MetricSnapshots collect(SharedReader.Read read) {
    List<MetricSnapshot> out = new ArrayList<>();
    Samples self = new Samples();
    PackageFactsCache.Snapshot packages =
        read == null ? PackageFactsCache.Snapshot.NONE : packages(read.state());
    for (String name : COLLECTORS) {
      if (!enabled.contains(name)) {
        continue;
      }
      long start = System.nanoTime();
      boolean ok = false;
      Samples samples = new Samples();
      if (read != null) {
        try {
          run(name, read.state(), packages, samples);
          ok = !failed(name, read.state(), packages);
          samples.addTo(out);
        } catch (RuntimeException e) {
          errorLog.accept("collector " + name + " failed: " + e);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9 + (read == null ? 0 : read.seconds());
      self.add(Metric.COLLECTOR_SUCCESS, ok, name);
      self.add(Metric.COLLECTOR_DURATION, seconds, name);
    }
    self.add(Metric.PROC_WALKS, reader.walks());
    self.add(
        Metric.BUILD_INFO,
        1,
        version,
        BuildInfo.revision(),
        BuildInfo.branch(),
        System.getProperty("java.version", ""));
    self.addTo(out);
    return Samples.toSnapshots(out);
  }

  private void run(
      String name, LivepatchState state, PackageFactsCache.Snapshot packages, Samples s) {
    switch (name) {
      case "patches" -> StateMetrics.patches(state, packages.packages(), s);
      case "transition" -> StateMetrics.transition(state, clock.firstSeen(state), topCommands, s);
      case "kgraft" -> StateMetrics.kgraft(state, s);
      case "packages" -> StateMetrics.packages(state, packages, s);
      default -> throw new IllegalArgumentException("unknown collector " + name);
    }
  }

  /** The cached package facts, asked for once per scrape; none when there is no lookup. */
  private PackageFactsCache.Snapshot packages(LivepatchState state) {
    if (facts == null || !enabled.contains("packages")) {
      return PackageFactsCache.Snapshot.NONE;
    }
    return facts.current(state);
  }

  /** A collector fails when a host-level file it depends on could not be read or parsed. */
  private boolean failed(String name, LivepatchState state, PackageFactsCache.Snapshot packages) {
    if (name.equals("packages")) {
      return !packages.ok();
    }
    for (ReadProblem p : state.problems()) {
      if (p.scope() != ReadProblem.Scope.HOST) {
        continue;
      }
      boolean kgraft = p.source() == ReadProblem.Source.KGRAFT;
      if (name.equals("kgraft") == kgraft) {
        errorLog.accept("collector " + name + ": " + p);
        return true;
      }
    }
    return false;
  }
}
