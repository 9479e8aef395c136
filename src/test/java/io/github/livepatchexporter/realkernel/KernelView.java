package io.github.livepatchexporter.realkernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the kernel said at one moment, as the guest's shell read it from {@code /sys} and {@code
 * /proc} (function {@code kernel_view} of src/test/qemu/init.sh): the oracle the CLI and the
 * exporter are held against.
 */
record KernelView(
    List<String> lines,
    Map<String, String> values,
    Map<String, Patch> patches,
    Optional<String> transitionPatch,
    int target,
    Map<String, Module> modules,
    List<Blocker> blockers,
    Map<Integer, Watch> watched,
    List<String> dmesg) {

  /**
   * One directory of /sys/kernel/livepatch. REPLACE and STACK_ORDER are the files' contents, "-"
   * where the kernel has no such file (STACK_ORDER "unread" where the guest left it alone);
   * ATTRIBUTES are the patch directory's files with their modes ("enabled" to "644"),
   * OBJECT_ATTRIBUTES those of each object's directory.
   */
  record Patch(
      String name,
      int enabled,
      int transition,
      String replace,
      String stackOrder,
      Map<String, String> attributes,
      Map<String, Integer> objectsPatched,
      Map<String, Map<String, String>> objectAttributes,
      List<String> functions) {

    Optional<Integer> stackOrderValue() {
      return stackOrder.matches("\\d+")
          ? Optional.of(Integer.parseInt(stackOrder))
          : Optional.empty();
    }
  }

  record Module(String name, int refcnt, String taint) {}

  /** A thread whose patch_state is 0 or 1 and not the target. */
  record Blocker(
      int pid,
      int tid,
      char state,
      int patchState,
      boolean kernelThread,
      String comm,
      String cmdline,
      List<String> stack) {

    /** As klp -v shows a process: its command line, a kernel thread as [comm]. */
    String display() {
      return kernelThread || cmdline.isEmpty() ? "[" + comm + "]" : cmdline;
    }
  }

  /** A sleeper the guest started, blocking or not. */
  record Watch(int pid, char state, int patchState, String topFrame) {}

  boolean inTransition() {
    return transitionPatch.isPresent();
  }

  /** The phase: what must not change while the CLI and the exporter look at it. */
  List<String> phase() {
    return lines.stream()
        .filter(
            l ->
                l.startsWith("patch ")
                    || l.startsWith("transition ")
                    || l.startsWith("blocking ")
                    || l.startsWith("module "))
        .toList();
  }

  List<Integer> blockingPids() {
    return blockers.stream().map(Blocker::pid).distinct().sorted().toList();
  }

  static KernelView parse(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Patch> patches = new TreeMap<>();
    Map<String, Module> modules = new TreeMap<>();
    Map<Integer, String[]> blocking = new LinkedHashMap<>();
    Map<Integer, String> comm = new LinkedHashMap<>();
    Map<Integer, String> cmdline = new LinkedHashMap<>();
    Map<Integer, List<String>> stacks = new LinkedHashMap<>();
    Map<Integer, Watch> watched = new LinkedHashMap<>();
    List<String> dmesg = new ArrayList<>();
    Optional<String> transition = Optional.empty();
    int target = -1;
    for (String line : lines) {
      String[] w = line.split(" ", -1);
      String rest = line.indexOf(' ') < 0 ? "" : line.substring(line.indexOf(' ') + 1);
      switch (w[0]) {
        case "patch" -> {
          Map<String, String> kv = keyValues(w, 2);
          patches.put(
              w[1],
              new Patch(
                  w[1],
                  Integer.parseInt(kv.get("enabled")),
                  Integer.parseInt(kv.get("transition")),
                  kv.get("replace"),
                  kv.getOrDefault("stack_order", "-"),
                  new TreeMap<>(),
                  new TreeMap<>(),
                  new TreeMap<>(),
                  new ArrayList<>()));
        }
        case "attributes" -> {
          Map<String, String> modes = new TreeMap<>();
          for (int i = 2; i < w.length; i++) {
            int colon = w[i].indexOf(':');
            if (colon > 0) {
              modes.put(w[i].substring(0, colon), w[i].substring(colon + 1));
            }
          }
          int slash = w[1].indexOf('/');
          if (slash < 0) {
            patches.get(w[1]).attributes().putAll(modes);
          } else {
            patches
                .get(w[1].substring(0, slash))
                .objectAttributes()
                .put(w[1].substring(slash + 1), modes);
          }
        }
        case "object" ->
            patches.get(w[1]).objectsPatched().put(w[2], Integer.parseInt(w[3].split("=")[1]));
        case "function" -> patches.get(w[1]).functions().add(w[2] + "/" + w[3]);
        case "transition" -> {
          transition = w[1].equals("-") ? Optional.empty() : Optional.of(w[1]);
          target = Integer.parseInt(w[2].split("=")[1]);
        }
        case "module" -> {
          Map<String, String> kv = keyValues(w, 2);
          modules.put(w[1], new Module(w[1], Integer.parseInt(kv.get("refcnt")), kv.get("taint")));
        }
        case "blocking" -> blocking.put(Integer.parseInt(w[2]), w);
        case "comm" -> comm.put(Integer.parseInt(w[1]), after(rest, 1));
        case "cmdline" -> cmdline.put(Integer.parseInt(w[1]), after(rest, 1));
        case "stack" ->
            stacks
                .computeIfAbsent(Integer.parseInt(w[1]), k -> new ArrayList<>())
                .add(after(rest, 1));
        case "watch" ->
            watched.put(
                Integer.parseInt(w[1]),
                new Watch(
                    Integer.parseInt(w[1]),
                    w[2].charAt(0),
                    Integer.parseInt(w[3]),
                    after(rest, 3)));
        case "dmesg" -> dmesg.add(rest);
        default -> values.put(w[0], rest);
      }
    }
    List<Blocker> blockers = new ArrayList<>();
    blocking.forEach(
        (tid, w) ->
            blockers.add(
                new Blocker(
                    Integer.parseInt(w[1]),
                    tid,
                    w[3].charAt(0),
                    Integer.parseInt(w[4]),
                    w[5].equals("1"),
                    comm.getOrDefault(tid, ""),
                    cmdline.getOrDefault(tid, ""),
                    stacks.getOrDefault(tid, List.of()))));
    blockers.sort(
        (a, b) -> a.pid() != b.pid() ? Integer.compare(a.pid(), b.pid()) : a.tid() - b.tid());
    return new KernelView(
        List.copyOf(lines),
        values,
        patches,
        transition,
        target,
        modules,
        List.copyOf(blockers),
        watched,
        List.copyOf(dmesg));
  }

  private static Map<String, String> keyValues(String[] words, int from) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = from; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    return kv;
  }

  /** The text after the first {@code n} space-separated words. */
  private static String after(String s, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      int sp = s.indexOf(' ', at);
      if (sp < 0) {
        return "";
      }
      at = sp + 1;
    }
    return s.substring(at);
  }
}
