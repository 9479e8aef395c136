package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * alerts/: promtool accepts the rule files and passes their unit tests; every alert has a firing
 * and a quiet case and every recording rule an expression test; names, labels and annotations
 * follow the monitoring-mixin conventions; each alert's runbook section exists.
 */
class AlertRulesTest {
  @Test
  void promtoolChecksTheRuleFiles() throws Exception {
    List<String> args = new ArrayList<>(List.of(Tools.promtool(), "check", "rules"));
    ShippedRules.RULE_FILES.forEach(p -> args.add(p.toString()));
    Command.Result r = Command.run(args);
    assertEquals(0, r.exit(), r.both());
    for (Path file : ShippedRules.RULE_FILES) {
      String checked = "Checking " + file + "\n  SUCCESS: " + ShippedRules.rules(file).size();
      assertTrue(r.out().contains(checked + " rules found"), r.out());
    }
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of(Tools.promtool(), "test", "rules"));
    ShippedRules.testFiles().forEach(p -> args.add(p.toString()));
    Command.Result r = Command.run(args);
    assertEquals(0, r.exit(), r.both());
    for (Path file : ShippedRules.testFiles()) {
      assertTrue(r.both().contains("Unit Testing:  " + file + "\n  SUCCESS"), r.both());
    }
  }

  @Test
  void everyAlertHasAFiringAndAQuietCase() {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    Set<String> exprs = new TreeSet<>();
    for (Path file : ShippedRules.testFiles()) {
      for (Map<String, Object> test : YamlTree.maps(YamlTree.at(YamlTree.load(file), "tests"))) {
        for (Map<String, Object> a :
            YamlTree.maps(test.getOrDefault("alert_rule_test", List.of()))) {
          String name = YamlTree.string(a.get("alertname"));
          List<Map<String, Object>> expected = YamlTree.maps(a.get("exp_alerts"));
          if (expected.isEmpty()) {
            quiet.add(name);
          }
          for (Map<String, Object> e : expected) {
            firing.add(name + "/" + YamlTree.map(e.get("exp_labels")).get("severity"));
          }
        }
        for (Map<String, Object> e :
            YamlTree.maps(test.getOrDefault("promql_expr_test", List.of()))) {
          exprs.add(YamlTree.string(e.get("expr")).strip());
        }
      }
    }
    Set<String> alerts = new TreeSet<>();
    Set<String> severities = new TreeSet<>();
    for (Map<String, Object> rule : ShippedRules.alerts()) {
      alerts.add((String) rule.get("alert"));
      severities.add(rule.get("alert") + "/" + YamlTree.map(rule.get("labels")).get("severity"));
    }
    assertEquals(severities, firing, "firing cases (alert/severity)");
    assertEquals(alerts, quiet, "quiet cases");
    Set<String> records = new TreeSet<>();
    ShippedRules.records().forEach(r -> records.add((String) r.get("record")));
    assertEquals(records, exprs, "expression tests, one per recording rule");
  }

  @Test
  void alertsFollowTheConventions() throws Exception {
    String runbook = Files.readString(Project.dir().resolve("docs/runbook.md"));
    Set<String> sections = new TreeSet<>();
    Matcher h = Pattern.compile("^## (\\S+)$", Pattern.MULTILINE).matcher(runbook);
    while (h.find()) {
      sections.add(h.group(1));
    }
    List<String> problems = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : ShippedRules.alerts()) {
      String name = YamlTree.string(rule.get("alert"));
      names.add(name);
      Map<String, Object> labels = YamlTree.map(rule.get("labels"));
      Map<String, Object> ann = YamlTree.map(rule.get("annotations"));
      if (!name.matches("Livepatch(?:[A-Z][a-z]+)+")) {
        problems.add(name + ": not CamelCase with the prefix Livepatch");
      }
      if (!Set.of("critical", "warning", "info").contains(labels.get("severity"))) {
        problems.add(name + ": severity " + labels.get("severity"));
      }
      if (!ann.keySet().equals(Set.of("summary", "description", "runbook_url"))) {
        problems.add(name + ": annotations " + ann.keySet());
      }
      String summary = String.valueOf(ann.get("summary"));
      if (!summary.endsWith(".") || summary.contains("{{")) {
        problems.add(name + ": summary must be a static sentence: " + summary);
      }
      if (!String.valueOf(ann.get("description")).contains("{{ $")) {
        problems.add(name + ": description names no label or value");
      }
      if (!(ShippedRules.RUNBOOK + "#" + name.toLowerCase()).equals(ann.get("runbook_url"))) {
        problems.add(name + ": runbook_url " + ann.get("runbook_url"));
      }
      if (!sections.contains(name)) {
        problems.add(name + ": no section '## " + name + "' in docs/runbook.md");
      }
    }
    Set<String> orphans = new TreeSet<>(sections);
    orphans.removeAll(names);
    if (!orphans.isEmpty()) {
      problems.add("runbook sections without an alert: " + orphans);
    }
    for (Map<String, Object> rule : ShippedRules.records()) {
      String record = YamlTree.string(rule.get("record"));
      if (!record.matches("[a-z_]+:livepatch_[a-z_]+:[a-z_]+")) {
        problems.add(record + ": not level:metric:operation");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void testFilesUseTheShippedRuleFiles() {
    for (Path file : ShippedRules.testFiles()) {
      List<Object> ruleFiles = YamlTree.list(YamlTree.at(YamlTree.load(file), "rule_files"));
      for (Object rf : ruleFiles) {
        Path resolved = file.getParent().resolve(YamlTree.string(rf)).normalize();
        assertTrue(
            Stream.of(ShippedRules.ALERTS, ShippedRules.RECORDS).anyMatch(resolved::equals),
            file + " tests " + resolved + ", not a shipped rule file");
      }
    }
  }
}
