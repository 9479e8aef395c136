package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/** The exporter's parts wired together: one reader, one collector, one registry. */
public final class Exporter {
  private final SharedReader reader;
  private final TransitionClock clock;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String version;

  public Exporter(
      StateReader stateReader,
      Set<String> collectors,
      ExporterConfig config,
      String version,
      Log log,
      Clock clock) {
    this(() -> stateReader.read(ReadOptions.ALL), collectors, config, version, log, clock);
  }

  /** With any source of states: the demo host, or a test's that blocks or fails. */
  public Exporter(
      Supplier<LivepatchState> source,
      Set<String> collectors,
      ExporterConfig config,
      String version,
      Log log,
      Clock clock) {
    this.reader = new SharedReader(source);
    this.clock = new TransitionClock(clock);
    this.version = version;
    registry.register(
        new LivepatchCollector(
            reader, this.clock, collectors, config.topCommands(), version, log::error));
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The landing page, from a read shared with any scrape running at the same time. */
  public String landingPage(String telemetryPath) {
    SharedReader.Read read = reader.read();
    return LandingPage.render(read.state(), clock.firstSeen(read.state()), telemetryPath, version);
  }

  /** One scrape in the Prometheus text format (0.0.4), as {@code textfile} writes it. */
  public String scrapeText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create()
          .write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
