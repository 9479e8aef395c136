package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.Prometheus;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.TestServer;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query of grafana/ through a real Prometheus that scrapes one exporter per fixture
 * scenario at once and evaluates the shipped recording rules. With the instance variable set to
 * each scenario in turn (and to All), no query may fail, and each panel shows data in exactly the
 * scenarios where it should. One more scenario has package facts from real RPMs, so that the panels
 * on CVEs and end of support are checked with data, each of their queries included.
 */
class DashboardQueriesIT {
  /** patching-stalled with a kGraft file that does not parse and a patch_state gone missing. */
  static final String DEGRADED = "degraded";

  /**
   * one-enabled with its patch from an installed RPM (real rpmbuild, createrepo_c, zypper): a CVE
   * in the changelog, an end of support in lifecycle data, a newer version in the repository.
   */
  static final String PACKAGES = "packages";

  static final Set<String> ALL = all();
  static final Set<String> TRANSITION =
      Set.of(
          "patching-stalled",
          "unpatching-stalled",
          "reversed-transition",
          "idle-blocked",
          "vanished-task",
          "kgraft-legacy",
          DEGRADED);
  static final Set<String> SYSFS_TRANSITION = minus(TRANSITION, Set.of("kgraft-legacy"));
  static final Set<String> BLOCKED = minus(SYSFS_TRANSITION, Set.of("idle-blocked"));

  /** Hosts with a registered patch: kGraft patches (SLE 12) are in the patch table too. */
  static final Set<String> PATCHES = minus(ALL, Set.of("none-loaded", "no-livepatch-support"));

  /** Panels whose every query must have data with package facts, not only one of them. */
  static final List<String> PACKAGE_PANELS =
      List.of(
          "Livepatch / Host / Patches",
          "Livepatch / Fleet / CVE coverage",
          "Livepatch / Fleet / Expiry timeline");

  static final Set<String> MODULES = minus(ALL, Set.of("none-loaded", "no-livepatch-support"));

  /** Dashboard title / panel title → the scenarios where the panel shows data. */
  static final Map<String, Set<String>> EXPECTED = expected();

  @TempDir Path tmp;
  private final Map<String, Boolean> answers = new HashMap<>();

  static Map<String, Set<String>> expected() {
    Map<String, Set<String>> e = new TreeMap<>();
    String host = "Livepatch / Host / ";
    for (String p :
        List.of(
            "Kernel",
            "Live patch taint",
            "Exporter",
            "Exporter version",
            "Transition",
            "Transition age",
            "Blocking processes",
            "Blocking threads",
            "Unreadable threads",
            "Patches in transition",
            "Threads read",
            "Collector success",
            "Collector duration",
            "Walks of /proc")) {
      e.put(host + p, ALL);
    }
    e.put(host + "Direction", SYSFS_TRANSITION);
    e.put(host + "Blocking threads by state", BLOCKED);
    e.put(host + "Blocking threads by command", BLOCKED);
    e.put(host + "Patches", PATCHES);
    e.put(host + "Loaded live patch modules", MODULES);
    e.put(host + "Repository metadata", Set.of(PACKAGES));
    String fleet = "Livepatch / Fleet / ";
    for (String p :
        List.of(
            "Hosts per state",
            "Hosts reporting",
            "Hosts stalled",
            "Hosts in transition over time",
            "Exporters down",
            "Exporters without privilege",
            "Blocking commands across the fleet",
            "Blocking threads by state across the fleet",
            "Patch versions per kernel release",
            "Kernel releases with drift",
            "Hosts per kernel release",
            "Exporter versions",
            "CVE coverage")) {
      e.put(fleet + p, ALL);
    }
    e.put(fleet + "Expiry timeline", Set.of(PACKAGES));
    e.put(fleet + "Hosts in transition", TRANSITION);
    e.put(fleet + "Failing collectors", Set.of(DEGRADED));
    e.put(fleet + "Hosts with unreadable threads", Set.of(DEGRADED));
    return e;
  }

  @Test
  void everyPanelShowsDataWhereItShould() throws Exception {
    // Transitions look 3 hours old: past the stall thresholds, so the stalled panels have data.
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofHours(-3));
    List<TestServer> exporters = new ArrayList<>();
    try {
      List<Map<String, Object>> targets = new ArrayList<>();
      for (String scenario : ALL) {
        TestServer e = TestServer.of(roots(scenario)).clock(clock).start();
        exporters.add(e);
        targets.add(Map.of("targets", List.of(e.target()), "labels", Map.of("instance", scenario)));
      }
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("job_name", "livepatch");
      job.put("static_configs", targets);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put(
          "global",
          Map.of("scrape_interval", "1s", "scrape_timeout", "1s", "evaluation_interval", "1s"));
      config.put("rule_files", List.of(ShippedRules.RECORDS.toString()));
      config.put("scrape_configs", List.of(job));
      try (Prometheus prom =
          Prometheus.start(Files.createDirectories(tmp.resolve("prom")), YamlTree.dump(config))) {
        Duration wait = Duration.ofSeconds(30);
        String n = String.valueOf(ALL.size());
        prom.awaitValue("count(up{job=\"livepatch\"} == 1)", n, wait);
        // Two samples of each counter: rate() has data.
        prom.awaitValue("count(rate(livepatch_proc_walks_total[5s]))", n, wait);
        prom.awaitValue("sum(job_state:livepatch_hosts:count)", n, wait);
        // Package facts come from a lookup in the background, after the first scrape.
        prom.awaitValue("count(job_cve:livepatch_hosts:count)", "1", Duration.ofSeconds(60));
        prom.awaitValue("count(livepatch_patch_update_available == 1)", "1", wait);
        assertRecordedStates(prom);
        checkVariables(prom);
        checkPanels(prom);
        checkEveryQuery(prom, PACKAGE_PANELS, PACKAGES);
      }
    } finally {
      exporters.forEach(TestServer::close);
    }
  }

  /** The recording rules over the real exporters: each scenario's host in its state. */
  static void assertRecordedStates(Prometheus prom) throws Exception {
    Map<String, String> states = new TreeMap<>();
    for (String s : List.of("transition", "patched", "unpatched", "unsupported")) {
      states.put(
          s, prom.query("job_state:livepatch_hosts:count{state=\"" + s + "\"}").orElse("missing"));
    }
    assertEquals(
        Map.of("transition", "7", "patched", "5", "unpatched", "1", "unsupported", "1"), states);
    prom.awaitValue("job:livepatch_hosts_stalled:sum", "7", Duration.ofSeconds(10));
  }

  static void checkVariables(Prometheus prom) throws Exception {
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> v : d.variables()) {
        if (!"query".equals(v.get("type"))) {
          continue;
        }
        Matcher m = DashboardLint.LABEL_QUERY.matcher(String.valueOf(v.get("query")));
        assertTrue(m.matches(), d.title() + " " + v);
        String args = m.group(2);
        int comma = args.lastIndexOf(',');
        String expr = Dashboards.substitute(args.substring(0, comma), "livepatch", ".+", "5s");
        String label = args.substring(comma + 1).strip();
        Set<String> values = new TreeSet<>();
        for (Object s : prom.series(expr)) {
          values.add(String.valueOf(YamlTree.map(YamlTree.map(s).get("metric")).get(label)));
        }
        Set<String> expected = label.equals("job") ? Set.of("livepatch") : ALL;
        assertEquals(expected, values, d.title() + " variable " + v.get("name"));
      }
    }
  }

  void checkPanels(Prometheus prom) throws Exception {
    Map<String, Set<String>> actual = new TreeMap<>();
    List<String> emptyForAll = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> p : d.panels()) {
        if (Dashboards.isRow(p)) {
          continue;
        }
        String key = d.title() + " / " + Dashboards.title(p);
        Set<String> shows = new TreeSet<>();
        for (String scenario : ALL) {
          if (showsData(prom, p, scenario)) {
            shows.add(scenario);
          }
        }
        actual.put(key, shows);
        if (!showsData(prom, p, ".+")) {
          emptyForAll.add(key);
        }
      }
    }
    assertEquals(List.of(), emptyForAll, "panels empty with every instance selected");
    assertEquals(EXPECTED.keySet(), actual.keySet(), "panels (add new ones to EXPECTED)");
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : EXPECTED.entrySet()) {
      if (!new TreeSet<>(e.getValue()).equals(actual.get(e.getKey()))) {
        wrong.add(
            e.getKey()
                + ": data in "
                + actual.get(e.getKey())
                + ", expected in "
                + new TreeSet<>(e.getValue()));
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** Every query of the named panels returns a series with the instance variable on scenario. */
  void checkEveryQuery(Prometheus prom, List<String> panels, String scenario) throws Exception {
    List<String> empty = new ArrayList<>();
    Set<String> found = new TreeSet<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (Map<String, Object> p : d.panels()) {
        String key = d.title() + " / " + Dashboards.title(p);
        if (!panels.contains(key)) {
          continue;
        }
        found.add(key);
        for (Map<String, Object> t : Dashboards.targets(p)) {
          if (!showsData(prom, Map.of("title", key, "targets", List.of(t)), scenario)) {
            empty.add(key + " " + t.get("refId"));
          }
        }
      }
    }
    assertEquals(new TreeSet<>(panels), found, "panels");
    assertEquals(List.of(), empty, "queries without data in " + scenario);
  }

  /**
   * Whether any target of the panel returns a series, as Grafana would query it. Answers are
   * remembered per query: a fleet panel without $instance asks the same for every scenario.
   */
  boolean showsData(Prometheus prom, Map<String, Object> panel, String instance) throws Exception {
    boolean any = false;
    for (Map<String, Object> t : Dashboards.targets(panel)) {
      boolean instant = Boolean.TRUE.equals(t.get("instant"));
      String expr =
          Dashboards.substitute(String.valueOf(t.get("expr")), "livepatch", instance, "5s");
      String key = (instant ? "instant " : "range ") + expr;
      Boolean has = answers.get(key);
      if (has == null) {
        try {
          has =
              !(instant ? prom.series(expr) : prom.seriesOver(expr, Duration.ofSeconds(10)))
                  .isEmpty();
        } catch (AssertionError e) {
          throw new AssertionError(
              Dashboards.title(panel) + " " + t.get("refId") + ": " + e.getMessage(), e);
        }
        answers.put(key, has);
      }
      any |= has;
    }
    return any;
  }

  /**
   * The roots of a mutable copy of the scenario's fixture tree, of the degraded variant, or of the
   * host with packages.
   */
  Roots roots(String scenario) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fx-" + scenario));
    if (scenario.equals(PACKAGES)) {
      RpmRepo repo = RpmRepo.create(dir, 2, 3);
      repo.publish(2);
      repo.publish(3);
      repo.install(2);
      repo.lifecycle(RpmRepo.NAME + ",*,2027-06-30\n");
      return repo.roots(PatchedHost.create(Files.createDirectories(dir.resolve("host")), 2));
    }
    if (!scenario.equals(DEGRADED)) {
      return Fixtures.roots(Fixtures.copy(scenario, dir));
    }
    Path root = Fixtures.copy("patching-stalled", dir);
    Path kgraft = Files.createDirectories(root.resolve("sys/kernel/kgraft"));
    Files.writeString(kgraft.resolve("in_progress"), "garbage\n");
    Files.delete(root.resolve("proc/1/task/1/patch_state"));
    return Fixtures.roots(root);
  }

  static Set<String> all() {
    Set<String> s = new TreeSet<>(Fixtures.SCENARIOS);
    s.add(DEGRADED);
    s.add(PACKAGES);
    return Set.copyOf(s);
  }

  static Set<String> minus(Set<String> a, Set<String> b) {
    return Set.copyOf(Stream.of(a).flatMap(Set::stream).filter(x -> !b.contains(x)).toList());
  }
}
