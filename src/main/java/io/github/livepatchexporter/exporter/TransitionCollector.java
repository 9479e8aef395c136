package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadProblem.Source;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.Task;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collector {@code transition}: the transition, its age, and who blocks it. */
final class TransitionCollector implements Collector {
  /** Scheduler states exported even at 0, so a series never vanishes; others count as "other". */
  static final List<String> STATES = List.of("R", "S", "D", "I", "T", "t", "Z", "other");

  static final List<String> KINDS = List.of("user", "kernel");

  @Override
  public String name() {
    return "transition";
  }

  @Override
  public String description() {
    return "Transition state and blocking tasks.";
  }

  @Override
  public String reads() {
    return "the `transition` and `enabled` files and, only while a transition is in"
        + " progress, `/proc/<pid>/task/<tid>/{patch_state,comm,stat}`";
  }

  @Override
  public Set<Source> sources() {
    return Set.of(Source.LIVEPATCH, Source.MODULES, Source.KERNEL, Source.TASKS);
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("top_commands");
  }

  @Override
  public boolean update(Scrape scrape, Samples s) {
    LivepatchState state = scrape.state();
    int topCommands = scrape.config().topCommands();
    s.add(Metric.TRANSITION_IN_PROGRESS, state.inProgress());
    Optional<TargetState> target = state.transition().map(t -> t.target());
    for (TargetState t : TargetState.values()) {
      s.add(Metric.TRANSITION_DIRECTION, target.equals(Optional.of(t)), t.direction());
    }
    s.add(Metric.TRANSITION_START, scrape.transitionStart());
    List<Task> blockers = state.transition().isPresent() ? state.tasks().blockers() : List.of();
    Map<String, Integer> byStateKind = new HashMap<>();
    Map<String, Integer> byComm = new HashMap<>();
    Set<Integer> pids = new HashSet<>();
    for (Task t : blockers) {
      String st = STATES.contains(String.valueOf(t.state())) ? String.valueOf(t.state()) : "other";
      byStateKind.merge(st + "/" + (t.kernelThread() ? "kernel" : "user"), 1, Integer::sum);
      byComm.merge(t.comm(), 1, Integer::sum);
      pids.add(t.pid());
    }
    for (String st : STATES) {
      for (String kind : KINDS) {
        s.add(Metric.BLOCKING_THREADS, byStateKind.getOrDefault(st + "/" + kind, 0), st, kind);
      }
    }
    s.add(Metric.BLOCKING_PROCESSES, pids.size());
    List<Map.Entry<String, Integer>> top =
        byComm.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();
    int other = 0;
    for (int i = 0; i < top.size(); i++) {
      String comm = top.get(i).getKey();
      if (i < topCommands && !comm.equals("other")) {
        s.add(Metric.BLOCKING_COMMANDS, top.get(i).getValue(), comm);
      } else {
        other += top.get(i).getValue();
      }
    }
    s.add(Metric.BLOCKING_COMMANDS, other, "other");
    s.add(Metric.TASKS_SCANNED, state.transition().isPresent() ? state.tasks().scanned() : 0);
    s.add(Metric.TASKS_UNREADABLE, state.transition().isPresent() ? state.tasks().unreadable() : 0);
    return true;
  }
}
