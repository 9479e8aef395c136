package io.github.livepatchexporter.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.realkernel.Capture.Command;
import io.github.livepatchexporter.realkernel.KernelView.Blocker;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What each command of ours must print, derived from the kernel's own view of the same phase and
 * the output formats of the README (and the golden transcripts in src/test/resources/golden/cli).
 */
final class CliOracle {
  private CliOracle() {}

  /** Checks every command run at a checkpoint against the kernel's view of that phase. */
  static void check(Checkpoint cp) {
    KernelView k = cp.kernel;
    for (Command c : cp.commands) {
      String what = "checkpoint " + cp.id + ": $ " + c.line();
      switch (c.line()) {
        case "klp status" -> assertEquals(new Command(c.line(), 0, status(k), ""), c, what);
        case "klp check" ->
            assertEquals(new Command(c.line(), k.inTransition() ? 1 : 0, "", ""), c, what);
        case "klp blocking" -> assertEquals(new Command(c.line(), 0, blocking(k, 0), ""), c, what);
        case "klp -v blocking" ->
            assertEquals(new Command(c.line(), 0, blocking(k, 1), ""), c, what);
        case "klp -vv blocking" ->
            assertEquals(new Command(c.line(), 0, blocking(k, 2), ""), c, what);
        case "kgr -v blocking_threads" ->
            assertEquals(new Command(c.line(), 0, blockingThreads(k), ""), c, what);
        case "klp -v patches" -> assertEquals(new Command(c.line(), 0, patches(k), ""), c, what);
        case "klp -o json status" -> checkJsonStatus(k, c, what);
        case "klp -o json patches" -> checkJsonPatches(k, c, what);
        default -> {
          // Checked by the scenario that ran it (kgr poke).
        }
      }
    }
  }

  static String status(KernelView k) {
    return k.inTransition() ? "in_progress\n" : "ready\n";
  }

  /** klp blocking at verbosity 0, 1 or 2 (README, Compatibility). */
  static String blocking(KernelView k, int verbosity) {
    if (k.blockers().isEmpty()) {
      return verbosity > 0 ? "no threads with klp_in_progress set\n" : "";
    }
    StringBuilder b = new StringBuilder();
    int lastPid = -1;
    for (Blocker t : k.blockers()) {
      if (t.pid() != lastPid) {
        b.append(t.pid());
        if (verbosity > 0) {
          b.append(' ').append(t.display());
        }
        b.append('\n');
        lastPid = t.pid();
      }
      if (verbosity > 1) {
        b.append("    ").append(t.tid()).append(' ').append(t.comm()).append(' ');
        b.append(t.state()).append('\n');
        t.stack().forEach(l -> b.append("        ").append(l).append('\n'));
      }
    }
    return b.toString();
  }

  /** kgr -v blocking_threads: "PID TID COMMAND" per blocking thread. */
  static String blockingThreads(KernelView k) {
    StringBuilder b = new StringBuilder();
    for (Blocker t : k.blockers()) {
      b.append(t.pid()).append(' ').append(t.tid()).append(' ').append(t.display()).append('\n');
    }
    return b.toString();
  }

  /**
   * klp -v patches: every registered patch and every loaded live patch module (taint K) whose
   * directory is gone; active is the patch's enabled, 0 for a module without a directory.
   */
  static String patches(KernelView k) {
    TreeSet<String> names = new TreeSet<>(k.patches().keySet());
    names.addAll(k.modules().keySet());
    List<String> entries = new ArrayList<>();
    for (String n : names) {
      KernelView.Patch p = k.patches().get(n);
      entries.add(n + "\n    active: " + (p == null ? 0 : p.enabled()) + "\n");
    }
    return String.join("\n", entries);
  }

  /**
   * klp -o json patches: each registered patch with its enabled and transition, and replace and
   * stack_order as the kernel has them: their values, or null where the kernel has no such file.
   */
  private static void checkJsonPatches(KernelView k, Command c, String what) {
    assertEquals(0, c.exit(), what);
    assertEquals("", c.err(), what);
    for (KernelView.Patch p : k.patches().values()) {
      String entry = jsonEntry(c.out(), p.name(), what);
      List<String> expected =
          List.of(
              "\"registered\": true,",
              "\"enabled\": " + (p.enabled() == 1) + ",",
              "\"transition\": " + (p.transition() == 1) + ",",
              "\"replace\": "
                  + (p.replace().equals("-") ? "null" : String.valueOf(p.replace().equals("1")))
                  + ",",
              "\"stack_order\": " + (p.stackOrder().equals("-") ? "null" : p.stackOrder()) + ",");
      for (String e : expected) {
        if (!entry.contains(e)) {
          throw new AssertionError(what + ": expected " + e + " for " + p.name() + " in\n" + entry);
        }
      }
    }
  }

  /** The object of patch NAME in the "patches" array, up to its "objects". */
  static String jsonEntry(String json, String name, String what) {
    return jsonEntry(json, name, "\"objects\"", what);
  }

  /** The object of patch NAME in the "patches" array, objects and module included. */
  static String jsonPatch(String json, String name, String what) {
    return jsonEntry(json, name, "\"package\"", what);
  }

  private static String jsonEntry(String json, String name, String until, String what) {
    int at = json.indexOf("\"name\": \"" + name + "\",");
    int end = at < 0 ? -1 : json.indexOf(until, at);
    if (end < 0) {
      throw new AssertionError(what + ": no patch " + name + " in\n" + json);
    }
    return json.substring(at, end);
  }

  private static void checkJsonStatus(KernelView k, Command c, String what) {
    assertEquals(0, c.exit(), what);
    assertEquals("", c.err(), what);
    String out = c.out();
    List<String> expected = new ArrayList<>();
    expected.add("\"status\": \"" + (k.inTransition() ? "in_progress" : "ready") + "\"");
    expected.add("\"livepatch_interface\": true");
    if (k.inTransition()) {
      expected.add("\"patch\": \"" + k.transitionPatch().get() + "\"");
      expected.add("\"target\": " + k.target());
      expected.add("\"direction\": \"" + (k.target() == 1 ? "patching" : "unpatching") + "\"");
    } else {
      expected.add("\"transition\": null");
    }
    for (String e : expected) {
      if (!out.contains(e)) {
        throw new AssertionError(what + ": expected " + e + " in\n" + out);
      }
    }
  }
}
