package io.github.livepatchexporter.testutil;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.ProcessCommands;
import io.github.livepatchexporter.web.ExporterServer;
import io.github.livepatchexporter.web.LandingPage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import java.util.Set;
import java.util.function.Supplier;

/**
 * The real exporter and its HTTP server in this JVM, on a loopback port the kernel picks, reading
 * fixture trees under {@link Roots}, with the real rpm and zypper for package facts: the one way
 * tests start an exporter without a JVM of its own. By default its clock stands at {@link #NOW}.
 */
public final class TestServer implements AutoCloseable {
  public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  public final Exporter exporter;
  public final ExporterServer server;
  private final StringWriter log = new StringWriter();

  private TestServer(Builder b) throws IOException, ConfigException {
    Log l = new Log(new PrintWriter(log, true), b.logLevel);
    b.exporter.log(l);
    if (b.roots != null) {
      b.exporter.kernel(new StateReader(b.roots)).packages(b.roots.rootfs(), b.commands);
    } else {
      b.exporter.source(b.source);
    }
    exporter = b.exporter.build();
    ExporterServer.Builder s =
        ExporterServer.builder(exporter.registry())
            .addresses(List.of(loopback()))
            .maxRequests(b.maxRequests)
            .collectors(exporter.collectors())
            .landingPage(() -> landingPage(exporter))
            .log(l);
    if (b.webConfigFile != null) {
      s.webConfigFile(b.webConfigFile);
    } else {
      s.webConfig(b.web);
    }
    try {
      server = s.start();
    } catch (IOException | ConfigException | RuntimeException ex) {
      exporter.close();
      throw ex;
    }
  }

  /** An exporter of every collector over {@code roots}, its clock at {@link #NOW}, logging all. */
  public static Builder of(Roots roots) {
    return new Builder(roots, null);
  }

  /** An exporter of any source of states, without package facts. */
  public static Builder of(Supplier<LivepatchState> source) {
    return new Builder(null, source);
  }

  /** An exporter of a fixture copy holding sys/ and proc/, with the given clock. */
  public static TestServer start(Path root, Clock clock) throws IOException, ConfigException {
    return of(Fixtures.roots(root)).clock(clock).start();
  }

  /** What goes into a test server. */
  public static final class Builder {
    private final Roots roots;
    private final Supplier<LivepatchState> source;
    private final Exporter.Builder exporter = Exporter.builder();
    private int maxRequests = 4;
    private WebConfig web = WebConfig.NONE;
    private Path webConfigFile;
    private Commands commands = new ProcessCommands();
    private Log.Level logLevel = Log.Level.debug;

    private Builder(Roots roots, Supplier<LivepatchState> source) {
      this.roots = roots;
      this.source = source;
      exporter.clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public Builder web(WebConfig config) {
      this.web = config;
      return this;
    }

    /** A web config file that the server watches, as {@code serve --web.config.file} does. */
    public Builder webConfigFile(Path file) {
      this.webConfigFile = file;
      return this;
    }

    public Builder collectors(Set<String> names) {
      exporter.collectors(names);
      return this;
    }

    public Builder config(ExporterConfig config) {
      exporter.config(config);
      return this;
    }

    public Builder clock(Clock clock) {
      exporter.clock(clock);
      return this;
    }

    /** How package facts are looked up (default: the real rpm and zypper). */
    public Builder commands(Commands commands) {
      this.commands = commands;
      return this;
    }

    /** {@code --web.max-requests} (default: 4). */
    public Builder maxRequests(int n) {
      this.maxRequests = n;
      return this;
    }

    public Builder logLevel(Log.Level level) {
      this.logLevel = level;
      return this;
    }

    public TestServer start() throws IOException, ConfigException {
      return new TestServer(this);
    }
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static String landingPage(Exporter exporter) {
    Exporter.View v = exporter.view();
    return LandingPage.builder(v.state())
        .transitionStart(v.transitionStart())
        .packages(v.packages())
        .render();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public String httpsUrl(String path) {
    return "https://localhost:" + port() + path;
  }

  /** host:port, as a Prometheus target. */
  public String target() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return server.addresses().get(0).getPort();
  }

  /** What the exporter logged so far. */
  public String log() {
    return log.toString();
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
  public static ExporterServer serving(
      PrometheusRegistry registry, int maxRequests, String landing, Log log)
      throws IOException, ConfigException {
    return ExporterServer.builder(registry)
        .addresses(List.of(loopback()))
        .maxRequests(maxRequests)
        .landingPage(() -> landing)
        .log(log)
        .start();
  }
}
