package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real node_exporter (Debian's prometheus-node-exporter, unpacked into .tools/ by
 * scripts/install-test-tools.sh) with only its textfile collector, on a loopback port chosen now,
 * reading {@code dir}.
 */
public final class NodeExporter implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final int port;

  private NodeExporter(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static NodeExporter textfile(Path dir, Path log) throws Exception {
    int port = Prometheus.freePort();
    Process p =
        new ProcessBuilder(
                Tools.find("prometheus-node-exporter", "prometheus-node-exporter").toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults",
                "--collector.textfile",
                "--collector.textfile.directory=" + dir)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    NodeExporter n = new NodeExporter(p, log, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (new Http().get("http://" + n.target() + "/metrics").statusCode() == 200) {
          return n;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        n.close();
        throw new AssertionError("node_exporter did not start:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
