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

/** The classic dashboard JSON files under grafana/, as trees of maps and lists. */
final class Dashboards {
  private Dashboards() {}

  /** One dashboard file. */
  record Dashboard(Path file, Map<String, Object> json) {
    String title() {
      return YamlTree.string(json.get("title"));
    }

    /** Every panel, rows and the panels of collapsed rows included, in file order. */
    List<Map<String, Object>> panels() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> p : YamlTree.maps(json.get("panels"))) {
        out.add(p);
        if (p.get("panels") != null) {
          out.addAll(YamlTree.maps(p.get("panels")));
        }
      }
      return out;
    }

    List<Map<String, Object>> variables() {
      return YamlTree.maps(YamlTree.at(json, "templating", "list"));
    }
  }

  static List<Dashboard> all() {
    try (Stream<Path> files = Files.list(Project.dir().resolve("grafana"))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .map(p -> new Dashboard(p, YamlTree.map(YamlTree.load(p))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isRow(Map<String, Object> panel) {
    return "row".equals(panel.get("type"));
  }

  static List<Map<String, Object>> targets(Map<String, Object> panel) {
    Object t = panel.get("targets");
    return t == null ? List.of() : YamlTree.maps(t);
  }

  static String title(Map<String, Object> panel) {
    return String.valueOf(panel.get("title"));
  }

  /**
   * A query with Grafana's variables replaced as Grafana does for a single selected value (or the
   * All value {@code .+}), and the interval variables by a fixed range.
   */
  static String substitute(String expr, String job, String instance, String interval) {
    return expr.replace("$__rate_interval", interval)
        .replace("$__interval", interval)
        .replace("$__range", interval)
        .replace("${job}", job)
        .replace("$job", job)
        .replace("${instance}", instance)
        .replace("$instance", instance);
  }
}
