package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.testutil.Certs;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Prometheus;
import io.github.livepatchexporter.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the exporter over TLS with basic auth, on the stalled-transition
 * scenario; the answers are read back through Prometheus' HTTP API.
 */
class PrometheusScrapeIT {
  @TempDir Path tmp;

  @Test
  void scrapesOverTlsWithBasicAuth() throws Exception {
    Path certDir = Files.createDirectories(tmp.resolve("certs"));
    Certs.create(certDir);
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, "s3cret".toCharArray());
    Path web = certDir.resolve("web.yml");
    Files.writeString(
        web,
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
            + "basic_auth_users:\n  prometheus: '"
            + hash
            + "'\n");
    Path root = Fixtures.copy("patching-stalled", Files.createDirectories(tmp.resolve("fx")));
    try (TestServer exporter =
        TestServer.of(Fixtures.roots(root)).web(WebConfig.load(web)).start()) {
      String target = "localhost:" + exporter.server.addresses().get(0).getPort();
      String config =
          "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
              + "scrape_configs:\n"
              + "  - job_name: livepatch\n"
              + "    scheme: https\n"
              + "    tls_config:\n      ca_file: "
              + certDir.resolve("ca.crt")
              + "\n"
              + "    basic_auth:\n      username: prometheus\n      password: s3cret\n"
              + "    static_configs:\n      - targets: "
              + Prometheus.targets(List.of(target))
              + "\n";
      try (Prometheus prom =
          Prometheus.start(Files.createDirectories(tmp.resolve("prom")), config)) {
        Duration wait = Duration.ofSeconds(30);
        prom.awaitValue("up{job=\"livepatch\"}", "1", wait);
        prom.awaitValue("livepatch_transition_in_progress{job=\"livepatch\"}", "1", wait);
        prom.awaitValue("sum(livepatch_transition_blocking_threads{job=\"livepatch\"})", "5", wait);
        prom.awaitValue(
            "livepatch_transition_blocking_threads{state=\"D\",kind=\"user\"}", "1", wait);
        prom.awaitValue("livepatch_transition_blocking_processes", "4", wait);
        prom.awaitValue(
            "livepatch_transition_direction{direction=\"patching\",instance=\"" + target + "\"}",
            "1",
            wait);
        assertEquals("1", prom.query("min(livepatch_scrape_collector_success)").orElse("missing"));
        assertFalse(prom.log().contains("level=error"), prom.log());
      }
    }
  }
}
