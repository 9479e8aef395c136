package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.livepatchexporter.testutil.Alertmanager;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Prometheus;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.WebhookReceiver;
import io.github.livepatchexporter.testutil.YamlTree;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the exporter (bin/livepatch-exporter) on the stalled-transition scenario, a real
 * Prometheus with the shipped configuration and rules, a real Alertmanager with the shipped routes,
 * and a webhook receiver here. The stall alert reaches the ticket receiver with the exporter's
 * instance, and a resolved notification follows once the transition completes.
 */
class AlertingIT {
  static final String PATCH = "livepatch_sleeper_2_1_1";
  static final String ALERT = ShippedRules.STALLED;

  @TempDir Path tmp;

  @Test
  void stalledTransitionAlertsAndResolves() throws Exception {
    Path root = Fixtures.copy("patching-stalled", Files.createDirectories(tmp.resolve("fx")));
    try (WebhookReceiver receiver = new WebhookReceiver();
        Alertmanager am =
            Alertmanager.start(
                Files.createDirectories(tmp.resolve("am")), alertmanagerConfig(receiver));
        Serve exporter = new Serve(Fixtures.on(root, "--web.listen-address=127.0.0.1:0"))) {
      String instance = URI.create(exporter.awaitListening()).getAuthority();
      Path promDir = Files.createDirectories(tmp.resolve("prom"));
      ShippedRules.writeShortened(Files.createDirectories(promDir.resolve("livepatch")));
      try (Prometheus prom = Prometheus.start(promDir, prometheusConfig(instance, am))) {
        WebhookReceiver.Notification firing =
            receiver.await(
                n -> n.status().equals("firing") && stall(n, instance, "firing").isPresent(),
                Duration.ofSeconds(60));
        assertEquals("/livepatch-ticket", firing.path(), "a warning opens a ticket");
        Map<String, Object> alert = stall(firing, instance, "firing").orElseThrow();
        Map<String, Object> annotations = YamlTree.map(alert.get("annotations"));
        assertEquals(
            ShippedRules.RUNBOOK + "#livepatchtransitionstalled", annotations.get("runbook_url"));
        assertEquals("livepatch", YamlTree.map(alert.get("labels")).get("job"));

        // The transition completes: the kernel writes 0 to the patch's transition file.
        Files.writeString(root.resolve("sys/kernel/livepatch/" + PATCH + "/transition"), "0\n");
        WebhookReceiver.Notification resolved =
            receiver.await(
                n -> n.status().equals("resolved") && stall(n, instance, "resolved").isPresent(),
                Duration.ofSeconds(60));
        assertEquals("/livepatch-ticket", resolved.path());
        assertEquals("0", prom.query("livepatch_transition_in_progress").orElse("missing"));
        // The shipped scrape config keeps the process' health and drops the JVM's pools.
        assertEquals("1", prom.query("count(process_resident_memory_bytes)").orElse("missing"));
        assertEquals("1", prom.query("count(jvm_memory_used_bytes{area=\"heap\"})").orElse("none"));
        assertEquals(
            "missing",
            prom.query("count({__name__=~\"jvm_memory_pool_.*|jvm_buffer_pool_.*\"})")
                .orElse("missing"));
        assertFalse(prom.log().contains("level=error"), prom.log());
        assertFalse(am.log().contains("level=error"), am.log());
      }
      assertNotEquals("", exporter.output());
    }
  }

  /**
   * The stall warning for {@code instance} in a notification, if it holds one in {@code status}.
   */
  static Optional<Map<String, Object>> stall(
      WebhookReceiver.Notification n, String instance, String status) {
    return n.alerts().stream()
        .filter(a -> status.equals(a.get("status")))
        .filter(
            a -> {
              Map<String, Object> labels = YamlTree.map(a.get("labels"));
              return ALERT.equals(labels.get("alertname"))
                  && "warning".equals(labels.get("severity"))
                  && instance.equals(labels.get("instance"));
            })
        .findFirst();
  }

  /**
   * deploy/prometheus/prometheus.yml scraping {@code instance} every second, alerting to {@code
   * am}.
   */
  static String prometheusConfig(String instance, Alertmanager am) {
    Map<String, Object> config =
        YamlTree.map(YamlTree.load(Project.dir().resolve("deploy/prometheus/prometheus.yml")));
    config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    Map<String, Object> job = YamlTree.maps(config.get("scrape_configs")).get(0);
    job.put("scrape_timeout", "1s");
    job.put("static_configs", List.of(Map.of("targets", List.of(instance))));
    Map<String, Object> alertmanagers =
        YamlTree.maps(YamlTree.at(config, "alerting", "alertmanagers")).get(0);
    alertmanagers.put("static_configs", List.of(Map.of("targets", List.of(am.target()))));
    return YamlTree.dump(config);
  }

  /** deploy/alertmanager/alertmanager.yml with short waits and every receiver posting here. */
  static String alertmanagerConfig(WebhookReceiver receiver) {
    Map<String, Object> config =
        YamlTree.map(YamlTree.load(Project.dir().resolve("deploy/alertmanager/alertmanager.yml")));
    Map<String, Object> route = YamlTree.map(config.get("route"));
    route.put("group_wait", "1s");
    route.put("group_interval", "1s");
    for (Map<String, Object> r : YamlTree.maps(config.get("receivers"))) {
      if (r.containsKey("webhook_configs")) {
        for (Map<String, Object> w : YamlTree.maps(r.get("webhook_configs"))) {
          w.put("url", receiver.url("/" + r.get("name")));
        }
      }
    }
    return YamlTree.dump(config);
  }
}
