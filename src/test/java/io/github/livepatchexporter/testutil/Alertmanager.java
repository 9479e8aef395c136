package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian package prometheus-alertmanager) on a loopback port, clustering off,
 * for one test.
 */
public final class Alertmanager implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final int port;

  private Alertmanager(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts Alertmanager with {@code config} (YAML) in {@code dir} and waits until it is ready. */
  public static Alertmanager start(Path dir, String config) throws Exception {
    Path configFile = dir.resolve("alertmanager.yml");
    Files.writeString(configFile, config);
    int port = Prometheus.freePort();
    Path log = dir.resolve("alertmanager.log");
    Process p =
        new ProcessBuilder(
                Tools.find("prometheus-alertmanager", "prometheus-alertmanager").toString(),
                "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                // Empty: no gossip listener on 0.0.0.0:9094 that other tests would collide with.
                "--cluster.listen-address=",
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Alertmanager am = new Alertmanager(p, log, port);
    Http http = new Http();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (http.get(am.url("/-/ready")).statusCode() == 200) {
          return am;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        am.close();
        throw new AssertionError(
            "Alertmanager did not become ready (scripts/install-test-tools.sh installs it and its"
                + " templates):\n"
                + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** host:port, as Prometheus' alerting configuration names it. */
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
