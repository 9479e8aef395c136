package io.github.livepatchexporter.ship;

import io.github.livepatchexporter.testutil.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of grafana/dashboard-linter (v0.2.0), named as it names them, applied to one dashboard.
 * PromQL syntax (its target-promql-rule) is left to promtool, which parses with Prometheus' own
 * parser.
 */
final class DashboardLint {
  /** One violation; {@code panel} is empty for dashboard-level rules. */
  record Finding(String rule, String dashboard, String panel, int target, String message) {
    @Override
    public String toString() {
      return rule + ": " + dashboard + (panel.isEmpty() ? "" : " / " + panel) + ": " + message;
    }
  }

  /**
   * Grafana unit ids (packages/grafana-data/src/valueFormats/categories.ts) these files may use.
   */
  static final Set<String> UNITS =
      Set.of(
          "none",
          "short",
          "string",
          "percent",
          "percentunit",
          "locale",
          "sci",
          "s",
          "ms",
          "µs",
          "ns",
          "m",
          "h",
          "d",
          "dtdurations",
          "dtdurationms",
          "dthms",
          "dateTimeAsIso",
          "dateTimeFromNow",
          "bytes",
          "decbytes",
          "ops",
          "reqps",
          "cps",
          "hertz",
          "bool",
          "bool_yes_no",
          "bool_on_off");

  static final Set<String> DATASOURCE_REFS = Set.of("$datasource", "${datasource}");
  static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");
  static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");
  static final Pattern IDENT = Pattern.compile("(?<![a-zA-Z0-9_:$.])[a-zA-Z_:][a-zA-Z0-9_:]*");
  static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)\\]");
  static final Pattern LABEL_QUERY =
      Pattern.compile("^(label_names|label_values|metrics|query_result)\\((.*)\\)$");

  private final String dashboard;
  private final List<Finding> findings = new ArrayList<>();

  private DashboardLint(String dashboard) {
    this.dashboard = dashboard;
  }

  static List<Finding> lint(Map<String, Object> json) {
    DashboardLint l = new DashboardLint(String.valueOf(json.get("title")));
    l.dashboardRules(json);
    List<Map<String, Object>> panels = new ArrayList<>();
    for (Map<String, Object> p : YamlTree.maps(json.get("panels"))) {
      panels.add(p);
      if (p.get("panels") != null) {
        panels.addAll(YamlTree.maps(p.get("panels")));
      }
    }
    for (Map<String, Object> p : panels) {
      if (!Dashboards.isRow(p)) {
        l.panelRules(p);
      }
    }
    return l.findings;
  }

  private void add(String rule, String panel, int target, String message) {
    findings.add(new Finding(rule, dashboard, panel, target, message));
  }

  private void dashboardRules(Map<String, Object> json) {
    if (!Boolean.FALSE.equals(json.get("editable"))) {
      add("uneditable-dashboard", "", -1, "editable should be false");
    }
    List<Map<String, Object>> vars = YamlTree.maps(YamlTree.at(json, "templating", "list"));
    List<Map<String, Object>> ds =
        vars.stream().filter(v -> "datasource".equals(v.get("type"))).toList();
    if (ds.size() != 1
        || !"datasource".equals(ds.get(0).get("name"))
        || !"Data source".equals(ds.get(0).get("label"))
        || !"prometheus".equals(ds.get(0).get("query"))) {
      add("template-datasource-rule", "", -1, "one prometheus variable 'datasource': " + ds);
    }
    for (String name : List.of("job", "instance")) {
      String rule = "template-" + name + "-rule";
      Map<String, Object> v =
          vars.stream().filter(x -> name.equals(x.get("name"))).findFirst().orElse(null);
      if (v == null) {
        add(rule, "", -1, "no variable " + name);
        continue;
      }
      String label = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      if (!DATASOURCE_REFS.contains(uid(v.get("datasource")))
          || !"query".equals(v.get("type"))
          || !label.equals(v.get("label"))
          || !Boolean.TRUE.equals(v.get("multi"))
          || !".+".equals(v.get("allValue"))) {
        add(
            rule,
            "",
            -1,
            "variable "
                + name
                + " must be a multi-select query on $datasource,"
                + " labelled "
                + label
                + ", allValue .+: "
                + v);
      }
    }
    for (Map<String, Object> v : vars) {
      if (!"query".equals(v.get("type"))) {
        continue;
      }
      if (!LABEL_QUERY.matcher(String.valueOf(v.get("query"))).matches()) {
        add("template-label-promql-rule", "", -1, "query of " + v.get("name"));
      }
      if (!Objects.equals(2, v.get("refresh"))) {
        add("template-on-time-change-reload", "", -1, v.get("name") + " refresh should be 2");
      }
    }
  }

  private void panelRules(Map<String, Object> p) {
    String title = Dashboards.title(p);
    String type = String.valueOf(p.get("type"));
    if (title.isBlank() || String.valueOf(p.getOrDefault("description", "")).isBlank()) {
      add("panel-title-description-rule", title, -1, "needs a title and a description");
    }
    List<Map<String, Object>> targets = Dashboards.targets(p);
    if (targets.isEmpty() && !type.equals("text")) {
      add("panel-no-targets-rule", title, -1, "no targets");
    }
    if (!type.equals("text") && !DATASOURCE_REFS.contains(uid(p.get("datasource")))) {
      add("panel-datasource-rule", title, -1, "datasource " + p.get("datasource"));
    }
    if (Set.of("stat", "singlestat", "graph", "table", "timeseries", "gauge", "bargauge")
        .contains(type)) {
      units(p, title);
    }
    for (int i = 0; i < targets.size(); i++) {
      Map<String, Object> t = targets.get(i);
      if (!DATASOURCE_REFS.contains(uid(t.get("datasource")))) {
        add("panel-datasource-rule", title, i, "target datasource " + t.get("datasource"));
      }
      targetRules(title, i, String.valueOf(t.get("expr")));
    }
  }

  private void units(Map<String, Object> p, String title) {
    Map<String, Object> fc = YamlTree.map(p.get("fieldConfig"));
    Object unit = YamlTree.map(fc.get("defaults")).get("unit");
    if (!UNITS.contains(unit)) {
      add("panel-units-rule", title, -1, "unit " + unit);
    }
    for (Map<String, Object> o : YamlTree.maps(fc.getOrDefault("overrides", List.of()))) {
      for (Map<String, Object> prop : YamlTree.maps(o.get("properties"))) {
        if ("unit".equals(prop.get("id")) && !UNITS.contains(prop.get("value"))) {
          add("panel-units-rule", title, -1, "override unit " + prop.get("value"));
        }
      }
    }
  }

  private void targetRules(String title, int i, String expr) {
    Matcher range = RANGE.matcher(expr);
    while (range.find()) {
      if (!range.group(1).equals("$__rate_interval")) {
        add("target-rate-interval-rule", title, i, "range [" + range.group(1) + "] in " + expr);
      }
    }
    Matcher sel = SELECTOR.matcher(expr);
    while (sel.find()) {
      for (String label : List.of("job", "instance")) {
        Pattern m =
            Pattern.compile("(?:^|,)\\s*" + label + "\\s*=~\\s*\"\\$" + label + "\"\\s*(?:,|$)");
        if (!m.matcher(sel.group(2)).find()) {
          add(
              "target-" + label + "-rule",
              title,
              i,
              sel.group() + " lacks " + label + "=~\"$" + label + "\"");
        }
      }
      if (sel.group(1).endsWith("_total")) {
        String before = expr.substring(0, sel.start());
        String after = expr.substring(sel.end());
        if (!before.matches("(?s).*\\b(?:rate|irate|increase)\\(\\s*$")
            || !after.matches("(?s)^\\s*\\[.*")) {
          add(
              "target-counter-agg-rule",
              title,
              i,
              sel.group(1) + " outside rate, irate or increase");
        }
      }
    }
    for (String bare : bareSelectors(expr)) {
      add("target-job-rule", title, i, bare + " has no matchers");
      add("target-instance-rule", title, i, bare + " has no matchers");
    }
  }

  /** Metric names used without braces: they can carry neither a job nor an instance matcher. */
  static List<String> bareSelectors(String expr) {
    String s = SELECTOR.matcher(expr).replaceAll(" ");
    s = s.replaceAll("\"[^\"]*\"", "\"\"");
    s = RANGE.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    List<String> out = new ArrayList<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String rest = s.substring(m.end());
      if (!KEYWORDS.contains(m.group().toLowerCase()) && !rest.matches("(?s)^\\s*\\(.*")) {
        out.add(m.group());
      }
    }
    return out;
  }

  static String uid(Object datasource) {
    if (datasource instanceof Map<?, ?> m) {
      return String.valueOf(m.get("uid"));
    }
    return String.valueOf(datasource);
  }
}
