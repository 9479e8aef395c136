package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Printable;
import io.github.livepatchexporter.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code klp blocking} and {@code kgr blocking_threads}. The per-line layout of the real tool is
 * not published; ours is documented in the README (Compatibility):
 *
 * <ul>
 *   <li>{@code blocking}: one PID per blocking process; {@code -v} adds the command line; {@code
 *       -vv} adds, per blocking thread, {@code TID COMM STATE} and its kernel stack, indented;
 *   <li>{@code blocking_threads}: {@code PID TID}; {@code -v} adds the command line; {@code -vv}
 *       adds the kernel stack, indented.
 * </ul>
 *
 * Nothing is printed when nothing blocks, unless {@code -v} asks for the "no threads" line. Names,
 * command lines and stacks are shown as {@code ps} shows them ({@link Printable}); {@code -o json}
 * has them as they are.
 */
final class BlockingView {
  static final String NO_THREADS_KLP = "no threads with klp_in_progress set";
  static final String NO_PROCESSES_KGRAFT = "no processes with kgr_in_progress set";

  private BlockingView() {}

  static String text(LivepatchState state, int verbosity, boolean threads) {
    List<Task> blockers = state.tasks().blockers();
    StringBuilder b = new StringBuilder();
    if (blockers.isEmpty()) {
      if (verbosity > 0) {
        boolean kgraftOnly = !state.livepatchInterface() && state.kgraft().isPresent();
        b.append(kgraftOnly ? NO_PROCESSES_KGRAFT : NO_THREADS_KLP).append('\n');
      }
      return b.toString();
    }
    if (threads) {
      for (Task t : blockers) {
        b.append(t.pid()).append(' ').append(t.tid());
        if (verbosity > 0) {
          b.append(' ').append(Printable.of(t.displayCommand()));
        }
        b.append('\n');
        if (verbosity > 1) {
          stack(b, t, "    ");
        }
      }
      return b.toString();
    }
    int lastPid = -1;
    for (Task t : blockers) {
      if (t.pid() != lastPid) {
        b.append(t.pid());
        if (verbosity > 0) {
          b.append(' ').append(Printable.of(t.displayCommand()));
        }
        b.append('\n');
        lastPid = t.pid();
      }
      if (verbosity > 1) {
        b.append("    ").append(t.tid()).append(' ').append(Printable.of(t.comm())).append(' ');
        b.append(t.state()).append('\n');
        stack(b, t, "        ");
      }
    }
    return b.toString();
  }

  private static void stack(StringBuilder b, Task t, String indent) {
    if (t.stack().isEmpty()) {
      b.append(indent).append("(stack not available)\n");
      return;
    }
    for (String line : t.stack().get()) {
      b.append(indent).append(Printable.of(line)).append('\n');
    }
  }

  static String json(LivepatchState state, int verbosity) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", StatusView.word(state));
    doc.put("transition", StatusView.transition(state.transition()));
    Map<String, Object> tasks = new LinkedHashMap<>();
    tasks.put("walked", state.tasks().walked());
    tasks.put("scanned", state.tasks().scanned());
    tasks.put("unreadable", state.tasks().unreadable());
    tasks.put("vanished", state.tasks().vanished());
    doc.put("tasks", tasks);
    List<Object> blocking = new ArrayList<>();
    for (Task t : state.tasks().blockers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pid", t.pid());
      m.put("tid", t.tid());
      m.put("comm", t.comm());
      m.put("cmdline", t.cmdline());
      m.put("kernel_thread", t.kernelThread());
      m.put("state", String.valueOf(t.state()));
      m.put("patch_state", t.patchState());
      if (verbosity > 1) {
        m.put("stack", t.stack());
      }
      blocking.add(m);
    }
    doc.put("blocking", blocking);
    return Json.write(doc);
  }
}
