package io.github.livepatchexporter.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.realkernel.KernelView.Blocker;
import io.github.livepatchexporter.realkernel.KernelView.Patch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What /metrics must say in a phase, derived from the kernel's own view of it (the metric names and
 * their meaning are those of docs/metrics.md).
 */
final class MetricsOracle {
  static final List<String> STATES = List.of("D", "I", "R", "S", "T", "Z", "other", "t");

  private MetricsOracle() {}

  /** Every series /metrics must have with its value; the rest of the body is not checked here. */
  static Map<String, Double> expected(KernelView k) {
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("livepatch_sysfs_interface_present", num(k.values().get("interface").endsWith("=1")));
    e.put("livepatch_kgraft_interface_present", 0.0);
    e.put("livepatch_kernel_info{release=\"" + k.values().get("release") + "\"}", 1.0);
    long tainted = Long.parseLong(k.values().get("tainted"));
    e.put("livepatch_kernel_tainted_livepatch", num((tainted & (1L << 15)) != 0));
    for (String c : List.of("patches", "transition", "kgraft")) {
      e.put("livepatch_scrape_collector_success{collector=\"" + c + "\"}", 1.0);
    }
    for (Patch p : k.patches().values()) {
      String l = "{patch=\"" + p.name() + "\"}";
      e.put("livepatch_patch_enabled" + l, (double) p.enabled());
      e.put("livepatch_patch_transition" + l, (double) p.transition());
      e.put("livepatch_patch_objects" + l, (double) p.objectsPatched().size());
      e.put("livepatch_patch_functions" + l, (double) p.functions().size());
      long unloaded = p.objectsPatched().values().stream().filter(v -> v == 0).count();
      e.put("livepatch_patch_objects_unloaded" + l, (double) unloaded);
      if (!p.replace().equals("-")) {
        e.put("livepatch_patch_replace" + l, Double.parseDouble(p.replace()));
      }
      p.stackOrderValue().ifPresent(o -> e.put("livepatch_patch_stack_order" + l, (double) o));
    }
    for (KernelView.Module m : k.modules().values()) {
      String l = "{module=\"" + m.name() + "\"}";
      e.put("livepatch_module_registered" + l, num(k.patches().containsKey(m.name())));
      e.put("livepatch_module_refcnt" + l, (double) m.refcnt());
    }
    boolean patching = k.inTransition() && k.target() == 1;
    boolean unpatching = k.inTransition() && k.target() == 0;
    e.put("livepatch_transition_in_progress", num(k.inTransition()));
    e.put("livepatch_transition_direction{direction=\"patching\"}", num(patching));
    e.put("livepatch_transition_direction{direction=\"unpatching\"}", num(unpatching));
    e.put("livepatch_transition_blocking_processes", (double) k.blockingPids().size());
    Map<String, Double> threads = new TreeMap<>();
    for (String kind : List.of("kernel", "user")) {
      for (String state : STATES) {
        threads.put(threadSeries(kind, state), 0.0);
      }
    }
    Map<String, Double> commands = new TreeMap<>();
    for (Blocker b : k.blockers()) {
      String state = STATES.contains(String.valueOf(b.state())) ? "" + b.state() : "other";
      threads.merge(threadSeries(b.kernelThread() ? "kernel" : "user", state), 1.0, Double::sum);
      commands.merge(
          "livepatch_transition_blocking_command_threads{comm=\"" + b.comm() + "\"}",
          1.0,
          Double::sum);
    }
    e.putAll(threads);
    e.putAll(commands);
    e.put("livepatch_transition_blocking_command_threads{comm=\"other\"}", 0.0);
    e.put("livepatch_tasks_unreadable", 0.0);
    return e;
  }

  private static String threadSeries(String kind, String state) {
    return "livepatch_transition_blocking_threads{kind=\"" + kind + "\",state=\"" + state + "\"}";
  }

  /** Checks the scrape of a phase against the kernel's view of it. */
  static void check(String id, KernelView k, Metrics m) {
    Map<String, Double> expected = expected(k);
    Map<String, Double> actual = new LinkedHashMap<>();
    expected.keySet().forEach(s -> actual.put(s, m.get(s).orElse(null)));
    assertEquals(expected, actual, "checkpoint " + id + ": /metrics against the kernel");
    // Nothing beyond what the kernel has: no patch or module series of vanished patches.
    assertEquals(
        new TreeSet<>(k.patches().keySet()),
        new TreeSet<>(m.labelValues("livepatch_patch_enabled", "patch")),
        "checkpoint " + id + ": patches in /metrics");
    assertEquals(
        new TreeSet<>(k.modules().keySet()),
        new TreeSet<>(m.labelValues("livepatch_module_registered", "module")),
        "checkpoint " + id + ": live patch modules in /metrics");
    // A file the kernel lacks is no series at all, not a made-up value.
    for (Patch p : k.patches().values()) {
      String l = "{patch=\"" + p.name() + "\"}";
      if (p.replace().equals("-")) {
        assertEquals(Optional.empty(), m.get("livepatch_patch_replace" + l), "checkpoint " + id);
      }
      if (p.stackOrder().equals("-")) {
        assertEquals(
            Optional.empty(), m.get("livepatch_patch_stack_order" + l), "checkpoint " + id);
      }
    }
    assertEquals(
        commandsOf(expected),
        commandsOf(m.family("livepatch_transition_blocking_command_threads")),
        "checkpoint " + id + ": blocking commands in /metrics");
  }

  private static Map<String, Double> commandsOf(Map<String, Double> series) {
    Map<String, Double> c = new TreeMap<>();
    series.forEach(
        (k, v) -> {
          if (k.startsWith("livepatch_transition_blocking_command_threads{")) {
            c.put(k, v);
          }
        });
    return c;
  }

  private static double num(boolean b) {
    return b ? 1.0 : 0.0;
  }
}
