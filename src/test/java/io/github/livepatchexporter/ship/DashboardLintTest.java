package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import io.github.livepatchexporter.testutil.YamlTree;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards pass the dashboard-linter rules (with the exclusions of grafana/.lint, each with
 * its reason), every query parses with promtool, and the files follow the conventions that make
 * them provisionable: a stable uid from the file name, a datasource variable instead of __inputs.
 */
class DashboardLintTest {
  @TempDir Path tmp;

  @Test
  void dashboardsPassTheLinterRules() {
    List<Map<String, Object>> exclusions = exclusions();
    Set<Integer> used = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (DashboardLint.Finding f : DashboardLint.lint(d.json())) {
        int match = -1;
        for (int i = 0; i < exclusions.size(); i++) {
          if (excludes(exclusions.get(i), f)) {
            match = i;
          }
        }
        if (match < 0) {
          problems.add(d.file().getFileName() + ": " + f);
        } else {
          used.add(match);
        }
      }
    }
    for (int i = 0; i < exclusions.size(); i++) {
      if (!used.contains(i)) {
        problems.add("grafana/.lint excludes nothing: " + exclusions.get(i));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theLinterFindsWhatItLooksFor() {
    Map<String, Object> json = YamlTree.map(YamlTree.load(hostDashboard()));
    json.put("editable", true);
    List<Map<String, Object>> vars = YamlTree.maps(YamlTree.at(json, "templating", "list"));
    vars.get(1).put("multi", false);
    vars.get(2).put("refresh", 1);
    Map<String, Object> panel = YamlTree.maps(json.get("panels")).get(1);
    panel.remove("description");
    panel.put("datasource", Map.of("type", "prometheus", "uid", "prometheus"));
    YamlTree.map(YamlTree.at(panel, "fieldConfig", "defaults")).put("unit", "seconds");
    Map<String, Object> target = Dashboards.targets(panel).get(0);
    target.put("expr", "rate(livepatch_proc_walks_total{job=~\"$job\"}[5m]) + livepatch_x");
    Set<String> rules = new TreeSet<>();
    DashboardLint.lint(json).forEach(f -> rules.add(f.rule()));
    assertEquals(
        new TreeSet<>(
            List.of(
                "uneditable-dashboard",
                "template-job-rule",
                "template-on-time-change-reload",
                "panel-title-description-rule",
                "panel-datasource-rule",
                "panel-units-rule",
                "target-rate-interval-rule",
                "target-instance-rule",
                "target-job-rule")),
        rules);
    target.put("expr", "sum(livepatch_proc_walks_total{job=~\"$job\", instance=~\"$instance\"})");
    rules.clear();
    DashboardLint.lint(json).forEach(f -> rules.add(f.rule()));
    assertTrue(rules.contains("target-counter-agg-rule"), rules.toString());
  }

  @Test
  void everyQueryParsesWithPromtool() throws Exception {
    List<Map<String, Object>> rules = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> v : d.variables()) {
        Matcher m = DashboardLint.LABEL_QUERY.matcher(String.valueOf(v.get("query")));
        if ("query".equals(v.get("type")) && m.matches() && m.group(1).equals("label_values")) {
          String args = m.group(2);
          int comma = args.lastIndexOf(',');
          if (comma > 0) {
            rules.add(rule(rules.size(), args.substring(0, comma)));
            where.add(d.title() + " variable " + v.get("name"));
          }
        }
      }
      for (Map<String, Object> p : d.panels()) {
        for (Map<String, Object> t : Dashboards.targets(p)) {
          rules.add(rule(rules.size(), String.valueOf(t.get("expr"))));
          where.add(d.title() + " / " + Dashboards.title(p) + " " + t.get("refId"));
        }
      }
    }
    assertTrue(rules.size() > 40, "queries found: " + rules.size());
    Path file = tmp.resolve("dashboard-queries.yaml");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "dashboard-queries");
    group.put("rules", rules);
    Files.writeString(file, YamlTree.dump(Map.of("groups", List.of(group))));
    Command.Result r = Command.run(List.of(Tools.promtool(), "check", "rules", file.toString()));
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < where.size(); i++) {
      index.append("\n  dashboard_query_").append(i).append(": ").append(where.get(i));
    }
    assertEquals(0, r.exit(), r.both() + "\nqueries:" + index);
  }

  @Test
  void filesAreProvisionable() throws Exception {
    Set<String> uids = new HashSet<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      String name = d.file().getFileName().toString();
      String text = Files.readString(d.file());
      assertEquals(md5(name), d.json().get("uid"), name + ": uid is md5 of the file name");
      uids.add(md5(name));
      assertFalse(d.json().containsKey("__inputs"), name + ": __inputs breaks provisioning");
      assertFalse(text.contains("${DS_"), name + ": ${DS_...} needs the import wizard");
      assertTrue(d.title().startsWith("Livepatch / "), name + ": title " + d.title());
      assertEquals(List.of("livepatch"), d.json().get("tags"), name);
      assertEquals("utc", d.json().get("timezone"), name);
      assertEquals(39, d.json().get("schemaVersion"), name);
      Set<Object> ids = new HashSet<>();
      for (Map<String, Object> p : d.panels()) {
        assertTrue(ids.add(p.get("id")), name + ": duplicate panel id " + p.get("id"));
        assertTrue(p.get("gridPos") instanceof Map, name + ": " + Dashboards.title(p));
      }
    }
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> link : YamlTree.maps(d.json().get("links"))) {
        String url = String.valueOf(link.get("url"));
        assertTrue(uids.contains(url.replace("/d/", "")), d.title() + " links to " + url);
      }
    }
  }

  static Map<String, Object> rule(int i, String expr) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("record", "dashboard_query_" + i);
    rule.put("expr", Dashboards.substitute(expr, ".+", ".+", "5m"));
    return rule;
  }

  static Path hostDashboard() {
    return Project.dir().resolve("grafana/livepatch-host.json");
  }

  static String md5(String s) throws Exception {
    byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    return String.format("%032x", new BigInteger(1, d));
  }

  /** The entries of grafana/.lint, each with its rule name under "rule". */
  static List<Map<String, Object>> exclusions() {
    Map<String, Object> lint = YamlTree.map(YamlTree.load(Project.dir().resolve("grafana/.lint")));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : YamlTree.map(lint.get("exclusions")).entrySet()) {
      Map<String, Object> rule = YamlTree.map(e.getValue());
      assertFalse(String.valueOf(rule.get("reason")).isBlank(), e.getKey() + " needs a reason");
      for (Map<String, Object> entry : YamlTree.maps(rule.get("entries"))) {
        Map<String, Object> x = new LinkedHashMap<>(entry);
        x.put("rule", e.getKey());
        out.add(x);
      }
    }
    return out;
  }

  static boolean excludes(Map<String, Object> entry, DashboardLint.Finding f) {
    return entry.get("rule").equals(f.rule())
        && entry.get("dashboard").equals(f.dashboard())
        && entry.get("panel").equals(f.panel())
        && (!entry.containsKey("targetIdx")
            || String.valueOf(entry.get("targetIdx")).equals(String.valueOf(f.target())));
  }
}
