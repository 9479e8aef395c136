package io.github.livepatchexporter.ship;

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
}
