package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.system.Commands;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The exporter's parts wired together: one reader, one collector, one registry. */
public final class Exporter implements AutoCloseable {
  private final SharedReader reader;
  private final TransitionClock clock;
  private final PackageFactsCache facts;
  private final LivepatchCollector collector;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String version;

  /** On a real host: the kernel under the reader's roots, packages through {@code commands}. */
  public Exporter(
      StateReader stateReader,
      Commands commands,
      Set<String> collectors,
      ExporterConfig config,
      String version,
      Log log,
      Clock clock) {
    this(
        () -> stateReader.read(ReadOptions.ALL),
        new PackageFactsCache(
            stateReader.roots().rootfs(),
            commands,
            clock,
            Duration.ofSeconds(config.packagesRefreshSeconds()),
            config.checkUpdates(),
            log),
        collectors,
        config,
        version,
        log,
        clock);
  }

  /** With any source of states and no package facts: the demo host, or a test's source. */
  public Exporter(
      Supplier<LivepatchState> source,
      Set<String> collectors,
      ExporterConfig config,
      String version,
      Log log,
      Clock clock) {
    this(source, null, collectors, config, version, log, clock);
  }

  private Exporter(
      Supplier<LivepatchState> source,
      PackageFactsCache facts,
      Set<String> collectors,
      ExporterConfig config,
      String version,
      Log log,
      Clock clock) {
    this.reader = new SharedReader(source);
    this.clock = new TransitionClock(clock);
    this.facts = facts;
    this.version = version;
    this.collector =
        new LivepatchCollector(
            facts, reader, this.clock, collectors, config.topCommands(), version, log::error);
    registry.register(collector);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The landing page, from a read shared with any scrape running at the same time. */
  public String landingPage(String telemetryPath) {
    SharedReader.Read read = reader.read();
    return LandingPage.render(read.state(), clock.firstSeen(read.state()), telemetryPath, version);
  }

  /**
   * One scrape in the Prometheus text format (0.0.4), as {@code textfile} writes it: one read of
   * the kernel, and package facts looked up first, in this thread, when that collector is on.
   */
  public String scrapeText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create()
          .write(out, collector.collectNow(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The transition an exporter saw last: {@code transition} is the patch and direction (or {@code
   * kgraft}), {@code since} when it was first seen, in seconds since the epoch.
   */
  public record Seen(String transition, double since) {}

  /**
   * What a serving exporter remembers between scrapes and a one-shot run ({@code textfile}) must
   * carry over to the next: the transition's first-seen time and the count of /proc walks.
   */
  public record Memory(Optional<Seen> transition, long procWalks) {
    public static final Memory NONE = new Memory(Optional.empty(), 0);
  }

  public Memory memory() {
    return new Memory(clock.seen(), reader.walks());
  }

  /** Takes up an earlier run's memory, before the first scrape. */
  public void remember(Memory m) {
    clock.restore(m.transition());
    reader.restoreWalks(m.procWalks());
  }

  @Override
  public void close() {
    if (facts != null) {
      facts.close();
    }
  }
}
