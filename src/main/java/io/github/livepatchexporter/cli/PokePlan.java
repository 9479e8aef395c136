package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which blocking processes {@code kgr poke} may stop and continue: user processes only. Never a
 * kernel thread (signals do nothing there), never a process with a thread in uninterruptible sleep
 * (it cannot act on the signal and may hold locks), never PID 1, never this process.
 */
record PokePlan(List<Long> targets, Map<Long, String> skipped) {

  static PokePlan of(List<Task> blockers, long selfPid) {
    Map<Long, List<Task>> byPid = new LinkedHashMap<>();
    for (Task t : blockers) {
      byPid.computeIfAbsent((long) t.pid(), k -> new ArrayList<>()).add(t);
    }
    List<Long> targets = new ArrayList<>();
    Map<Long, String> skipped = new LinkedHashMap<>();
    byPid.forEach(
        (pid, tasks) ->
            reasonToSkip(pid, tasks, selfPid)
                .ifPresentOrElse(r -> skipped.put(pid, r), () -> targets.add(pid)));
    return new PokePlan(List.copyOf(targets), Map.copyOf(skipped));
  }

  private static Optional<String> reasonToSkip(long pid, List<Task> tasks, long selfPid) {
    if (pid == 1) {
      return Optional.of("init");
    }
    if (pid == selfPid) {
      return Optional.of("this process");
    }
    if (tasks.stream().anyMatch(Task::kernelThread)) {
      return Optional.of("kernel thread");
    }
    if (tasks.stream().anyMatch(t -> t.state() == 'D')) {
      return Optional.of("uninterruptible sleep (D)");
    }
    if (tasks.stream().anyMatch(t -> t.state() == '?')) {
      return Optional.of("state unknown");
    }
    return Optional.empty();
  }
}
