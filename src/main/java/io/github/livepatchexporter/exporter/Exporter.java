package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.system.Commands;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The exporter's parts wired together: one reader, the enabled collectors, one registry. Built with
 * {@link #builder()}, as client_java builds its own parts.
 */
public final class Exporter implements AutoCloseable {
  private final SharedReader reader;
  private final TransitionClock clock;
  private final PackageFactsCache facts;
  private final LivepatchCollector collector;
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private Exporter(Builder b) {
    if (b.source == null) {
      throw new IllegalStateException("an exporter needs a source of states");
    }
    List<Collector> enabled = new ArrayList<>();
    for (Collector c : AllCollectors.LIST) {
      if (b.collectors.contains(c.name())) {
        enabled.add(c);
      }
    }
    Set<String> unknown = new TreeSet<>(b.collectors);
    unknown.removeAll(AllCollectors.names());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown collectors " + unknown);
    }
    this.reader = new SharedReader(b.source);
    this.clock = new TransitionClock(b.clock, b.transitionLog);
    this.facts =
        b.commands == null
            ? null
            : new PackageFactsCache(
                b.rootfs,
                b.commands,
                b.clock,
                Duration.ofSeconds(b.config.packagesRefreshSeconds()),
                b.config.checkUpdates(),
                b.log);
    this.collector =
        new LivepatchCollector(facts, reader, clock, enabled, b.config, b.version, b.log::error);
    registry.register(collector);
  }

  /** An exporter of every collector, default options, version {@code dev}, the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** What goes into an exporter; {@link #kernel} or {@link #source} is required. */
  public static final class Builder {
    private Supplier<LivepatchState> source;
    private Path rootfs;
    private Commands commands;
    private Set<String> collectors = Set.copyOf(AllCollectors.names());
    private ExporterConfig config = ExporterConfig.DEFAULTS;
    private String version = "dev";
    private Log log = new Log(new PrintWriter(System.err, true), Log.Level.info);
    private Clock clock = Clock.systemUTC();
    private Consumer<String> transitionLog = line -> {};

    private Builder() {}

    /** The kernel under the reader's roots, read whole at each scrape. */
    public Builder kernel(StateReader reader) {
      return source(() -> reader.read(ReadOptions.ALL));
    }

    /** Any source of states: the demo host, or a test's. */
    public Builder source(Supplier<LivepatchState> source) {
      this.source = source;
      return this;
    }

    /**
     * Looks up the patch modules' package facts in the system installed under {@code rootfs}, with
     * {@code commands} (rpm, zypper, dnf). Without it there are no package facts.
     */
    public Builder packages(Path rootfs, Commands commands) {
      this.rootfs = rootfs;
      this.commands = commands;
      return this;
    }

    /** The enabled collectors, by name ({@link AllCollectors#names()}). */
    public Builder collectors(Set<String> names) {
      this.collectors = Set.copyOf(names);
      return this;
    }

    public Builder config(ExporterConfig config) {
      this.config = config;
      return this;
    }

    /** The version {@code livepatch_exporter_build_info} shows. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder log(Log log) {
      this.log = log;
      return this;
    }

    /** When the exporter thinks it is: a transition's start is the time it is first seen. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Told when a transition is first seen and when it is over (with how long it took): for a
     * server's log; a one-shot run has no use for it.
     */
    public Builder transitionLog(Consumer<String> log) {
      this.transitionLog = log;
      return this;
    }

    public Exporter build() {
      return new Exporter(this);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The enabled collectors' names: what {@code ?collect[]=} may ask for. */
  public List<String> collectors() {
    return collector.enabledNames();
  }

  /**
   * What the landing page shows: a read shared with any scrape running at the same time, when its
   * transition was first seen (seconds since the epoch, 0 without one), and the package facts of
   * its patches that {@code /metrics} shows (none when the packages collector is off).
   */
  public record View(
      LivepatchState state, double transitionStart, Map<String, PackageInfo> packages) {
    public View {
      packages = Map.copyOf(packages);
    }
  }

  public View view() {
    SharedReader.Read read = reader.read();
    return new View(read.state(), clock.firstSeen(read.state()), collector.packages(read.state()));
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
