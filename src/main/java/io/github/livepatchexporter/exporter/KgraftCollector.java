package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadProblem.Source;
import io.github.livepatchexporter.model.Task;
import java.util.Set;

/** Collector {@code kgraft}: the legacy interface of SLE 12 kernels. */
final class KgraftCollector implements Collector {
  @Override
  public String name() {
    return "kgraft";
  }

  @Override
  public String description() {
    return "Legacy kGraft interface.";
  }

  @Override
  public String reads() {
    return "the legacy `/sys/kernel/kgraft/` and `/proc/<pid>/kgr_in_progress` (SLE 12)";
  }

  @Override
  public Set<Source> sources() {
    return Set.of(Source.KGRAFT);
  }

  @Override
  public boolean update(Scrape scrape, Samples s) {
    LivepatchState state = scrape.state();
    boolean inProgress = state.kgraft().map(KgraftState::inProgress).orElse(false);
    s.add(Metric.KGRAFT_IN_PROGRESS, inProgress);
    long marked =
        inProgress && state.transition().isEmpty()
            ? state.tasks().blockers().stream().map(Task::pid).distinct().count()
            : 0;
    s.add(Metric.KGRAFT_MARKED_PROCESSES, marked);
    return true;
  }
}
