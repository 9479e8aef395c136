package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus and deploy/alertmanager: promtool and amtool accept them, the scrape job has
 * the name the alerts select, and Alertmanager routes each alert by its severity.
 */
class MonitoringConfigTest {
  static final Path PROMETHEUS = Project.dir().resolve("deploy/prometheus/prometheus.yml");
  static final Path ALERTMANAGER = Project.dir().resolve("deploy/alertmanager/alertmanager.yml");

  @TempDir Path tmp;

  @Test
  void promtoolAcceptsTheScrapeConfigWithTheShippedRules() throws Exception {
    Path config = tmp.resolve("prometheus.yml");
    Files.copy(PROMETHEUS, config);
    Path rules = Files.createDirectories(tmp.resolve("livepatch"));
    Files.copy(ShippedRules.RECORDS, rules.resolve("rules.yaml"));
    Files.copy(ShippedRules.ALERTS, rules.resolve("alerts.yaml"));
    Command.Result r = Command.run(List.of(Tools.promtool(), "check", "config", config.toString()));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("SUCCESS: 2 rule files found"), r.out());
    List<Map<String, Object>> jobs =
        YamlTree.maps(YamlTree.map(YamlTree.load(PROMETHEUS)).get("scrape_configs"));
    assertEquals("livepatch", jobs.get(0).get("job_name"), "the job the alerts select");
    assertTrue(
        YamlTree.string(
                ShippedRules.alerts().stream()
                    .filter(a -> "LivepatchExporterAbsent".equals(a.get("alert")))
                    .findFirst()
                    .orElseThrow()
                    .get("expr"))
            .contains("job=\"livepatch\""));
  }

  /** The global Prometheus and the site's remote write of docs/fleet.md. */
  @Test
  void promtoolAcceptsTheFleetConfigs() throws Exception {
    for (String name : List.of("global-federation.yml", "site-remote-write.yml")) {
      Path file = PROMETHEUS.resolveSibling(name);
      Command.Result r = Command.run(List.of(Tools.promtool(), "check", "config", file.toString()));
      assertEquals(0, r.exit(), name + ": " + r.both());
      assertTrue(r.out().contains("SUCCESS"), r.out());
    }
  }

  @Test
  void amtoolAcceptsTheRoutes() throws Exception {
    Command.Result r = Command.run(List.of(amtool(), "check-config", ALERTMANAGER.toString()));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("SUCCESS"), r.out());
  }

  @Test
  void criticalAlertsPageAndWarningsOpenTickets() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> actual = new TreeMap<>();
    for (Map<String, Object> rule : ShippedRules.alerts()) {
      String severity = String.valueOf(YamlTree.map(rule.get("labels")).get("severity"));
      String key = rule.get("alert") + "/" + severity;
      expected.put(key, severity.equals("critical") ? "livepatch-page" : "livepatch-ticket");
      Command.Result r =
          Command.run(
              List.of(
                  amtool(),
                  "config",
                  "routes",
                  "test",
                  "--config.file=" + ALERTMANAGER,
                  "alertname=" + rule.get("alert"),
                  "severity=" + severity,
                  "job=livepatch"));
      assertEquals(0, r.exit(), r.both());
      actual.put(key, r.out().strip());
    }
    assertEquals(expected, actual);
    Command.Result other =
        Command.run(
            List.of(
                amtool(),
                "config",
                "routes",
                "test",
                "--config.file=" + ALERTMANAGER,
                "alertname=NodeFilesystemAlmostOutOfSpace",
                "severity=critical"));
    assertEquals("default", other.out().strip(), "other alerts keep the default route");
  }

  static String amtool() {
    return Tools.find("amtool", "prometheus-alertmanager").toString();
  }
}
