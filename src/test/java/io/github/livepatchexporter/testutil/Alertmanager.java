package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager (Debian package prometheus-alertmanager) on a loopback port, clustering off,
 * for one test.
 */
public final class Alertmanager implements AutoCloseable {
  private final LocalServer server;
  public final int port;

  private Alertmanager(LocalServer server) {
    this.server = server;
    this.port = server.port;
  }

  /** Starts Alertmanager with {@code config} (YAML) in {@code dir} and waits until it is ready. */
  public static Alertmanager start(Path dir, String config) throws Exception {
    Path configFile = dir.resolve("alertmanager.yml");
    Files.writeString(configFile, config);
    String alertmanager =
        Tools.find("prometheus-alertmanager", "prometheus-alertmanager").toString();
    return new Alertmanager(
        LocalServer.start(
            "Alertmanager",
            port ->
                List.of(
                    alertmanager,
                    "--config.file=" + configFile,
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    // Empty: no gossip listener on 0.0.0.0:9094 that other tests would collide
                    // with.
                    "--cluster.listen-address=",
                    "--log.level=warn"),
            dir.resolve("alertmanager.log"),
            "/-/ready",
            Duration.ofSeconds(30),
            " (scripts/install-test-tools.sh installs it and its templates)"));
  }

  public String url(String path) {
    return server.url(path);
  }

  /** host:port, as Prometheus' alerting configuration names it. */
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
