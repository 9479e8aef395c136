package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The series one host sends, held to a budget over every golden {@code /metrics} body
 * (docs/fleet.md gives the figures). Each family is bounded by something the host has, never by
 * time or by the fleet: a fixed label set, its patches, its patch modules, its repositories, the
 * top N blocking commands, or the CVEs in its patches' changelogs. A family without a bound, a
 * label that names the host or a process, or a label value that counts upward fails here before it
 * reaches a Prometheus that holds 10,000 hosts.
 */
class CardinalityBudgetTest {
  /** What bounds a family's series on one host. */
  enum Bound {
    /** One series. */
    ONE,
    /** A label set fixed in the code (collectors, task states, directions). */
    FIXED,
    /** At most one series per patch ({@code patch} label). */
    PATCH,
    /** At most one series per loaded patch module ({@code module} label). */
    MODULE,
    /** One per enabled package repository of the host. */
    REPOSITORY,
    /** The top N blocking commands and "other" ({@code collectors.transition.top_commands}). */
    TOP_COMMANDS,
    /** One per CVE named in the changelogs of the host's active patch packages. */
    CVE
  }

  static final Map<String, Bound> FAMILIES = new LinkedHashMap<>();

  static {
    for (String one :
        List.of(
            "livepatch_sysfs_interface_present",
            "livepatch_kgraft_interface_present",
            "livepatch_kernel_tainted_livepatch",
            "livepatch_kernel_info",
            "livepatch_kgraft_in_progress",
            "livepatch_kgraft_marked_processes",
            "livepatch_packages_refresh_timestamp_seconds",
            "livepatch_packages_update_check_success",
            "livepatch_proc_walks_total",
            "livepatch_tasks_scanned",
            "livepatch_tasks_unreadable",
            "livepatch_transition_blocking_processes",
            "livepatch_transition_in_progress",
            "livepatch_transition_start_timestamp_seconds",
            "livepatch_exporter_build_info")) {
      FAMILIES.put(one, Bound.ONE);
    }
    for (String fixed :
        List.of(
            "livepatch_scrape_collector_duration_seconds",
            "livepatch_scrape_collector_success",
            "livepatch_transition_blocking_threads",
            "livepatch_transition_direction")) {
      FAMILIES.put(fixed, Bound.FIXED);
    }
    for (String perPatch :
        List.of(
            "livepatch_patch_enabled",
            "livepatch_patch_expiry_timestamp_seconds",
            "livepatch_patch_functions",
            "livepatch_patch_info",
            "livepatch_patch_objects",
            "livepatch_patch_objects_unloaded",
            "livepatch_patch_replace",
            "livepatch_patch_stack_order",
            "livepatch_patch_transition",
            "livepatch_patch_update_available")) {
      FAMILIES.put(perPatch, Bound.PATCH);
    }
    FAMILIES.put("livepatch_module_refcnt", Bound.MODULE);
    FAMILIES.put("livepatch_module_registered", Bound.MODULE);
    FAMILIES.put("livepatch_packages_repository_refresh_timestamp_seconds", Bound.REPOSITORY);
    FAMILIES.put("livepatch_transition_blocking_command_threads", Bound.TOP_COMMANDS);
    FAMILIES.put("livepatch_cve_fixed", Bound.CVE);
  }

  /** The label values a FIXED family may take: collectors, (kind, state) pairs, directions. */
  static final Map<String, Integer> FIXED_MAX =
      Map.of(
          "livepatch_scrape_collector_duration_seconds", 4,
          "livepatch_scrape_collector_success", 4,
          // kind user|kernel × the scheduler states of /proc/<pid>/stat that are counted.
          "livepatch_transition_blocking_threads", 16,
          "livepatch_transition_direction", 2);

  /** The default of collectors.transition.top_commands, plus "other". */
  static final int TOP_COMMANDS = 5 + 1;

  /**
   * Series of a host whatever it runs (the ONE and FIXED families at their largest); each patch
   * adds at most {@link #PER_PATCH} more, each extra module, repository, command or CVE one.
   */
  static final int FIXED_SERIES = 15 + 4 + 4 + 16 + 2;

  static final int PER_PATCH = 12;

  /** Labels that would make a series per host, per process or per moment. */
  static final Set<String> FORBIDDEN_LABELS =
      Set.of("instance", "job", "host", "hostname", "pid", "tid", "comm_pid", "time", "timestamp");

  static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+$");
  static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Stream<Path> goldens() throws IOException {
    try (Stream<Path> files =
        Files.list(Project.dir().resolve("src/test/resources/golden/metrics"))) {
      return files.filter(p -> p.toString().endsWith(".prom")).sorted().toList().stream();
    }
  }

  record Series(String family, Map<String, String> labels) {}

  static List<Series> parse(Path golden) throws IOException {
    List<Series> out = new ArrayList<>();
    for (String line : Files.readAllLines(golden)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SERIES.matcher(line);
      assertTrue(m.matches(), golden.getFileName() + ": cannot read " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Series(m.group(1), labels));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void everyFamilyIsBoundedByWhatTheHostHas(Path golden) throws IOException {
    List<Series> series = parse(golden);
    String file = golden.getFileName().toString();
    assertFalse(series.isEmpty(), file);
    Map<String, Integer> perFamily = new HashMap<>();
    Set<String> patches = new TreeSet<>();
    Set<String> modules = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Series s : series) {
      perFamily.merge(s.family(), 1, Integer::sum);
      if (s.labels().containsKey("patch")) {
        patches.add(s.labels().get("patch"));
      }
      if (s.labels().containsKey("module")) {
        modules.add(s.labels().get("module"));
      }
      for (Map.Entry<String, String> l : s.labels().entrySet()) {
        if (FORBIDDEN_LABELS.contains(l.getKey())) {
          problems.add(s.family() + ": label " + l.getKey() + " makes a series per host or task");
        }
        // A value that is only a long number is a pid, a count or a time: it grows.
        if (l.getValue().matches("\\d{4,}")) {
          problems.add(s.family() + ": label " + l.getKey() + "=\"" + l.getValue() + "\"");
        }
      }
    }
    int cves = perFamily.getOrDefault("livepatch_cve_fixed", 0);
    int repositories =
        perFamily.getOrDefault("livepatch_packages_repository_refresh_timestamp_seconds", 0);
    for (Map.Entry<String, Integer> f : perFamily.entrySet()) {
      Bound bound = FAMILIES.get(f.getKey());
      if (bound == null) {
        problems.add(f.getKey() + ": no budget; add it to CardinalityBudgetTest with its bound");
        continue;
      }
      int max =
          switch (bound) {
            case ONE -> 1;
            case FIXED -> FIXED_MAX.get(f.getKey());
            case PATCH -> patches.size();
            case MODULE -> modules.size();
            case REPOSITORY -> repositories;
            case TOP_COMMANDS -> TOP_COMMANDS;
            case CVE -> cves;
          };
      if (f.getValue() > max) {
        problems.add(
            f.getKey() + ": " + f.getValue() + " series, budget " + max + " (" + bound + ")");
      }
    }
    int budget =
        FIXED_SERIES
            + PER_PATCH * patches.size()
            + Math.max(0, modules.size() - patches.size()) * 2
            + repositories
            + TOP_COMMANDS
            + cves;
    if (series.size() > budget) {
      problems.add("total " + series.size() + " series, budget " + budget);
    }
    assertTrue(problems.isEmpty(), file + ":\n" + String.join("\n", problems));
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void aHostWithOnePatchAndNoTransitionStaysNearFiftySeries(Path golden) throws IOException {
    List<Series> series = parse(golden);
    long patches =
        series.stream().filter(s -> s.family().equals("livepatch_patch_enabled")).count();
    long cves = series.stream().filter(s -> s.family().equals("livepatch_cve_fixed")).count();
    // The figure docs/fleet.md multiplies by the fleet: without CVEs, 60 per host with one patch.
    if (patches <= 1) {
      assertTrue(
          series.size() - cves <= 60,
          golden.getFileName() + ": " + (series.size() - cves) + " series besides CVEs");
    }
  }
}
