package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.system.BuildInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The exporter's one client_java collector: reads once per scrape (shared with concurrent scrapes),
 * runs each enabled {@link Collector} on that snapshot, and reports per collector whether it
 * succeeded. It never throws: a failing collector sets its success gauge to 0 and the rest is
 * served.
 */
final class LivepatchCollector implements MultiCollector {
  private final SharedReader reader;
  private final TransitionClock clock;
  private final List<Collector> enabled;
  private final ExporterConfig config;
  private final String version;
  private final Consumer<String> errorLog;
  private final PackageFactsCache facts;

  LivepatchCollector(
      PackageFactsCache facts,
      SharedReader reader,
      TransitionClock clock,
      List<Collector> enabled,
      ExporterConfig config,
      String version,
      Consumer<String> errorLog) {
    this.reader = reader;
    this.clock = clock;
    this.enabled = List.copyOf(enabled);
    this.config = config;
    this.version = version;
    this.errorLog = errorLog;
    this.facts = facts;
  }

  @Override
  public MetricSnapshots collect() {
    return collect(read(), enabled);
  }

  /**
   * A scrape with {@code ?collect[]=name} runs only the collectors named, as node_exporter's does;
   * the server has refused names that are not enabled.
   */
  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    String[] names = request == null ? null : request.getParameterValues("collect[]");
    if (names == null || names.length == 0) {
      return collect();
    }
    Set<String> asked = Set.of(names.clone());
    return collect(read(), enabled.stream().filter(c -> asked.contains(c.name())).toList());
  }

  /** The names of the enabled collectors, in order. */
  List<String> enabledNames() {
    return enabled.stream().map(Collector::name).toList();
  }

  /**
   * One scrape whose package facts are looked up first, in this thread, from the same read: for a
   * one-shot run ({@code textfile}), which has no later scrape to show a background lookup.
   */
  MetricSnapshots collectNow() {
    SharedReader.Read read = read();
    if (read != null && showsPackageFacts(enabled)) {
      facts.refreshNow(read.state());
    }
    return collect(read, enabled);
  }

  /**
   * The package facts a scrape of every enabled collector would show for this state: the last
   * background lookup's, none when no enabled collector shows them.
   */
  Map<String, PackageInfo> packages(LivepatchState state) {
    return showsPackageFacts(enabled) ? facts.current(state).packages() : Map.of();
  }

  private boolean showsPackageFacts(List<Collector> running) {
    return facts != null && running.stream().anyMatch(Collector::usesPackageFacts);
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

  private MetricSnapshots collect(SharedReader.Read read, List<Collector> running) {
    List<MetricSnapshot> out = new ArrayList<>();
    Samples self = new Samples();
    Scrape scrape =
        read == null
            ? null
            : new Scrape(
                read.state(),
                showsPackageFacts(running)
                    ? facts.current(read.state())
                    : PackageFactsCache.Snapshot.NONE,
                clock,
                config);
    for (Collector c : running) {
      long start = System.nanoTime();
      boolean ok = false;
      Samples samples = new Samples();
      if (scrape != null) {
        try {
          ok = c.update(scrape, samples) & !failed(c, scrape);
          samples.addTo(out);
        } catch (RuntimeException e) {
          errorLog.accept("collector " + c.name() + " failed: " + e);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9 + (read == null ? 0 : read.seconds());
      self.add(Metric.COLLECTOR_SUCCESS, ok, c.name());
      self.add(Metric.COLLECTOR_DURATION, seconds, c.name());
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

  /** A collector fails when a host-level file of a part it shows could not be read or parsed. */
  private boolean failed(Collector c, Scrape scrape) {
    for (ReadProblem p : scrape.state().problems()) {
      if (p.scope() == ReadProblem.Scope.HOST && c.sources().contains(p.source())) {
        errorLog.accept("collector " + c.name() + ": " + p);
        return true;
      }
    }
    return false;
  }
}
