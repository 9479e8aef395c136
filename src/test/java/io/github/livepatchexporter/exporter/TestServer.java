package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.system.ProcessCommands;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The real exporter server on a loopback port chosen by the kernel, with a fixed clock. */
final class TestServer implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  final Exporter exporter;
  final ExporterServer server;
  final StringWriter log = new StringWriter();

  TestServer(Roots roots, WebConfig web) throws IOException, ConfigException {
    this(roots, web, Set.copyOf(LivepatchCollector.COLLECTORS));
  }

  TestServer(Roots roots, WebConfig web, Set<String> collectors)
      throws IOException, ConfigException {
    this(roots, web, collectors, ExporterConfig.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  TestServer(Roots roots, WebConfig web, Set<String> collectors, ExporterConfig config, Clock clock)
      throws IOException, ConfigException {
    this(roots, Optional.empty(), web, collectors, config, clock);
  }

  /** With a web config file that the server watches, as {@code serve --web.config.file} does. */
  TestServer(Roots roots, Path webConfigFile) throws IOException, ConfigException {
    this(
        roots,
        Optional.of(webConfigFile),
        WebConfig.NONE,
        Set.copyOf(LivepatchCollector.COLLECTORS),
        ExporterConfig.DEFAULTS,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private TestServer(
      Roots roots,
      Optional<Path> webConfigFile,
      WebConfig web,
      Set<String> collectors,
      ExporterConfig config,
      Clock clock)
      throws IOException, ConfigException {
    Log l = new Log(new PrintWriter(log, true), Log.Level.debug);
    exporter =
        new Exporter(
            new StateReader(roots), new ProcessCommands(), collectors, config, "dev", l, clock);
    server =
        ExporterServer.start(
            new ExporterServer.Settings(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                "/metrics",
                webConfigFile,
                web,
                4,
                exporter.registry(),
                () -> exporter.landingPage("/metrics"),
                l));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.addresses().get(0).getPort() + path;
  }

  String httpsUrl(String path) {
    return "https://localhost:" + server.addresses().get(0).getPort() + path;
  }

  @Override
  public void close() {
    server.close();
    exporter.close();
  }

  /**
   * The bare server on a loopback port chosen by the kernel, serving {@code registry} at /metrics
   * and {@code landing} at /, for tests of the server rather than of the exporter.
   */
  static ExporterServer serving(
      io.prometheus.metrics.model.registry.PrometheusRegistry registry,
      int maxRequests,
      String landing,
      Log log)
      throws IOException, ConfigException {
    return ExporterServer.start(
        new ExporterServer.Settings(
            List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
            "/metrics",
            Optional.empty(),
            WebConfig.NONE,
            maxRequests,
            registry,
            () -> landing,
            log));
  }
}
