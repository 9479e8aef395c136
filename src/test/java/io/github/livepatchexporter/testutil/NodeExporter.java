package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real node_exporter (Debian's prometheus-node-exporter, unpacked into .tools/ by
 * scripts/install-test-tools.sh) with only its textfile collector, on a loopback port chosen now,
 * reading {@code dir}.
 */
public final class NodeExporter implements AutoCloseable {
  private final LocalServer server;
  public final int port;

  private NodeExporter(LocalServer server) {
    this.server = server;
    this.port = server.port;
  }

  public static NodeExporter textfile(Path dir, Path log) throws Exception {
    String nodeExporter =
        Tools.find("prometheus-node-exporter", "prometheus-node-exporter").toString();
    return new NodeExporter(
        LocalServer.start(
            "node_exporter",
            port ->
                List.of(
                    nodeExporter,
                    "--web.listen-address=127.0.0.1:" + port,
                    "--collector.disable-defaults",
                    "--collector.textfile",
                    "--collector.textfile.directory=" + dir),
            log,
            "/metrics",
            Duration.ofSeconds(30),
            ""));
  }

  public String target() {
    return server.target();
  }

  public String log() throws IOException {
    return server.log();
  }

  @Override
  public void close() {
    server.close();
  }
}
