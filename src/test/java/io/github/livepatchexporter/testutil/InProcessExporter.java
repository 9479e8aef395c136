package io.github.livepatchexporter.testutil;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.exporter.ExporterServer;
import io.github.livepatchexporter.exporter.LivepatchCollector;
import io.github.livepatchexporter.exporter.Log;
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
import java.util.List;
import java.util.Set;

/**
 * The real exporter and its HTTP server in this JVM, on a loopback port the kernel picks, reading a
 * fixture tree: for tests that scrape many scenarios at once without starting a JVM for each.
 */
public final class InProcessExporter implements AutoCloseable {
  private final Exporter exporter;
  private final ExporterServer server;
  private final StringWriter log = new StringWriter();

  /**
   * @param root a fixture copy holding sys/ and proc/
   * @param clock when the exporter thinks it is: a transition's start is its first scrape's time
   */
  public InProcessExporter(Path root, Clock clock) throws IOException, ConfigException {
    this(Fixtures.roots(root), clock);
  }

  /**
   * @param roots the kernel's trees and the root of the installed system, whose packages the
   *     exporter looks up in the background with rpm and zypper
   */
  public InProcessExporter(Roots roots, Clock clock) throws IOException, ConfigException {
    Log l = new Log(new PrintWriter(log, true), Log.Level.warn);
    exporter =
        new Exporter(
            new StateReader(roots),
            new ProcessCommands(),
            Set.copyOf(LivepatchCollector.COLLECTORS),
            ExporterConfig.DEFAULTS,
            "dev",
            l,
            clock);
    server =
        ExporterServer.start(
            new ExporterServer.Settings(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                "/metrics",
                java.util.Optional.empty(),
                WebConfig.NONE,
                4,
                exporter.registry(),
                () -> exporter.landingPage("/metrics"),
                l));
  }

  /** host:port, as a Prometheus target. */
  public String target() {
    return "127.0.0.1:" + server.addresses().get(0).getPort();
  }

  public String log() {
    return log.toString();
  }

  @Override
  public void close() {
    server.close();
    exporter.close();
  }
}
