package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rule files under alerts/ and their promtool tests, read as YAML. */
final class ShippedRules {
  static final Path ALERTS = Project.dir().resolve("alerts/alerts.yaml");
  static final Path RECORDS = Project.dir().resolve("alerts/rules.yaml");
  static final List<Path> RULE_FILES = List.of(RECORDS, ALERTS);
  static final String RUNBOOK =
      "https://github.com/livepatchexporter/livepatch_exporter/blob/main/docs/runbook.md";

  private ShippedRules() {}

  /** Every rule of every group of {@code file}. */
  static List<Map<String, Object>> rules(Path file) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : YamlTree.maps(YamlTree.at(YamlTree.load(file), "groups"))) {
      rules.addAll(YamlTree.maps(group.get("rules")));
    }
    return rules;
  }

  static List<Map<String, Object>> alerts() {
    return rules(ALERTS);
  }

  static List<Map<String, Object>> records() {
    return rules(RECORDS);
  }

  static List<Path> testFiles() {
    try (Stream<Path> files = Files.list(Project.dir().resolve("alerts/tests"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The warning the alerting tests shorten. */
  static final String STALLED = "LivepatchTransitionStalled";

  /**
   * alerts/ into the directory the shipped prometheus.yml loads them from, every {@code for}
   * removed and the 15-minute stall threshold shortened to 2 seconds.
   */
  static void writeShortened(Path dir) throws Exception {
    Files.copy(RECORDS, dir.resolve("rules.yaml"));
    Map<String, Object> alerts = YamlTree.map(YamlTree.load(ALERTS));
    int shortened = 0;
    for (Map<String, Object> group : YamlTree.maps(alerts.get("groups"))) {
      for (Map<String, Object> rule : YamlTree.maps(group.get("rules"))) {
        rule.remove("for");
        String expr = YamlTree.string(rule.get("expr"));
        if (STALLED.equals(rule.get("alert")) && expr.contains("> 15 * 60")) {
          rule.put("expr", expr.replace("> 15 * 60", "> 2"));
          shortened++;
        }
      }
    }
    assertEquals(1, shortened, "the warning's threshold '> 15 * 60' in alerts/alerts.yaml");
    Files.writeString(dir.resolve("alerts.yaml"), YamlTree.dump(alerts));
  }
}
