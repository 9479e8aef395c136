package io.github.livepatchexporter.model;

import java.util.List;

/**
 * The legacy kGraft interface of SLE 12 kernels: {@code /sys/kernel/kgraft/}.
 *
 * @param inProgress {@code /sys/kernel/kgraft/in_progress}
 * @param patches the directories {@code /sys/kernel/kgraft/<patch>/}, sorted
 *     <p>The tasks still marked {@code kgr_in_progress} are the blockers of {@link TaskScan}.
 */
public record KgraftState(boolean inProgress, List<String> patches) {

  public KgraftState {
    patches = List.copyOf(patches);
  }
}
