package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.NodeExporter;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Prometheus;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Textfile mode end to end: {@code bin/livepatch-exporter textfile} run as its timer runs it, the
 * real node_exporter's textfile collector serving the file, a real Prometheus with the shipped
 * rules scraping node_exporter under its own job: the stall alert fires for that host, with the
 * start time the first run saw.
 */
class TextfileAlertingIT {
  @TempDir Path tmp;

  @Test
  void stallAlertFiresThroughNodeExporter() throws Exception {
    Path root = Fixtures.copy("patching-stalled", Files.createDirectories(tmp.resolve("fx")));
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    Path out = dir.resolve("livepatch.prom");
    List<String> textfile = new ArrayList<>();
    textfile.add(Project.dir().resolve("bin/livepatch-exporter").toString());
    textfile.add("textfile");
    textfile.addAll(Fixtures.rootArgs(root));
    textfile.add(out.toString());
    assertEquals(new Command.Result(0, "", ""), Command.run(textfile));
    double first = start(out);
    try (NodeExporter node = NodeExporter.textfile(dir, tmp.resolve("node_exporter.log"))) {
      Path promDir = Files.createDirectories(tmp.resolve("prom"));
      ShippedRules.writeShortened(Files.createDirectories(promDir.resolve("livepatch")));
      try (Prometheus prom = Prometheus.start(promDir, config(node))) {
        // The timer's next runs: the same transition keeps its start.
        for (int i = 0; i < 3; i++) {
          Thread.sleep(1500);
          assertEquals(new Command.Result(0, "", ""), Command.run(textfile));
          assertEquals(first, start(out));
        }
        prom.awaitValue(
            "ALERTS{alertname=\"LivepatchTransitionStalled\", severity=\"warning\","
                + " alertstate=\"firing\", job=\"node\", instance=\""
                + node.target()
                + "\"}",
            "1",
            Duration.ofSeconds(60));
        assertEquals(
            first,
            Double.parseDouble(
                prom.query("livepatch_transition_start_timestamp_seconds{job=\"node\"}")
                    .orElseThrow()),
            0.001);
        // Textfile hosts count as present, and their file is fresh.
        assertEquals(List.of(), prom.series("ALERTS{alertname=\"LivepatchExporterAbsent\"}"));
        assertEquals(List.of(), prom.series("ALERTS{alertname=\"LivepatchTextfileStale\"}"));
        assertTrue(
            prom.query("node_textfile_mtime_seconds{file=~\"(.*/)?livepatch\\\\.prom\"}")
                .isPresent(),
            "node_exporter names the file as the alerts expect");
        assertFalse(prom.log().contains("level=error"), prom.log());
      }
      assertFalse(node.log().contains("level=error"), node.log());
    }
  }

  private static double start(Path prom) throws Exception {
    return PromText.value(Files.readString(prom), "livepatch_transition_start_timestamp_seconds")
        .orElseThrow();
  }

  /** Prometheus scraping node_exporter every second as job "node", with the shipped rules. */
  private static String config(NodeExporter node) {
    return YamlTree.dump(
        Map.of(
            "global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"),
            "rule_files", List.of("livepatch/rules.yaml", "livepatch/alerts.yaml"),
            "scrape_configs",
                List.of(
                    Map.of(
                        "job_name",
                        "node",
                        "scrape_timeout",
                        "1s",
                        "static_configs",
                        List.of(Map.of("targets", List.of(node.target())))))));
  }
}
