package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric that grafana/ and alerts/ name occurs in a golden /metrics body, every recorded
 * series they read is defined in alerts/rules.yaml, and every recording rule serves a dashboard.
 */
class MetricNamesTest {
  static final Pattern NAME = Pattern.compile("(?<![a-zA-Z0-9_:$.])[a-zA-Z_][a-zA-Z0-9_:]*");

  /** Query text → where it comes from. */
  static Map<String, String> queries() {
    Map<String, String> out = new TreeMap<>();
    for (Path file : ShippedRules.RULE_FILES) {
      for (Map<String, Object> rule : ShippedRules.rules(file)) {
        Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
        out.put(YamlTree.string(rule.get("expr")), Project.dir().relativize(file) + " " + name);
      }
    }
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> v : d.variables()) {
        if ("query".equals(v.get("type"))) {
          out.put(String.valueOf(v.get("query")), d.title() + " variable " + v.get("name"));
        }
      }
      for (Map<String, Object> p : d.panels()) {
        for (Map<String, Object> t : Dashboards.targets(p)) {
          out.put(String.valueOf(t.get("expr")), d.title() + " / " + Dashboards.title(p));
        }
      }
    }
    return out;
  }

  static Set<String> names(String query) {
    Set<String> out = new TreeSet<>();
    Matcher m = NAME.matcher(query.replaceAll("\"[^\"]*\"", "\"\""));
    while (m.find()) {
      if (m.group().startsWith("livepatch_") || m.group().contains(":")) {
        out.add(m.group());
      }
    }
    return out;
  }

  static Set<String> goldenMetrics() throws IOException {
    Set<String> out = new TreeSet<>();
    Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    try (Stream<Path> files =
        Files.list(Project.dir().resolve("src/test/resources/golden/metrics"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".prom")).toList()) {
        Matcher m = sample.matcher(Files.readString(f));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  @Test
  void everyNamedMetricIsInAGoldenFile() throws Exception {
    Set<String> golden = goldenMetrics();
    Set<String> records = new TreeSet<>();
    ShippedRules.records().forEach(r -> records.add(YamlTree.string(r.get("record"))));
    Set<String> seen = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> q : queries().entrySet()) {
      for (String name : names(q.getKey())) {
        seen.add(name);
        boolean known = name.contains(":") ? records.contains(name) : golden.contains(name);
        if (!known) {
          unknown.add(name + " (" + q.getValue() + ")");
        }
      }
    }
    assertEquals(List.of(), unknown, "names in neither a golden /metrics nor alerts/rules.yaml");
    assertTrue(seen.size() > 25, "names found: " + seen);
  }

  @Test
  void everyRecordingRuleServesTheFleetDashboard() {
    Set<String> used = new TreeSet<>();
    for (Map.Entry<String, String> q : queries().entrySet()) {
      if (q.getValue().startsWith("Livepatch / Fleet")) {
        used.addAll(names(q.getKey()));
      }
    }
    List<String> unused = new ArrayList<>();
    for (Map<String, Object> r : ShippedRules.records()) {
      if (!used.contains(YamlTree.string(r.get("record")))) {
        unused.add(YamlTree.string(r.get("record")));
      }
    }
    assertEquals(List.of(), unused, "recording rules no fleet panel reads");
  }
}
