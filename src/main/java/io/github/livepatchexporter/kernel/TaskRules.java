package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.TargetState;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What makes a thread block a transition, decided from the one file {@link ProcTaskWalk} reads. */
final class TaskRules {
  private TaskRules() {}

  /**
   * {@code /proc/<pid>/task/<tid>/patch_state} (fs/proc/base.c, since 4.12): a thread blocks when
   * its state is at least 0 and differs from the TARGET, as kpatch's {@code is_stalled} decides.
   */
  static ProcTaskWalk.Rule patchState(TargetState target) {
    return new PatchStateRule(target);
  }

  /**
   * {@code /proc/<pid>/kgr_in_progress} (kGraft, SLE 12): a task blocks while it reads 1, still in
   * the old universe. The walk falls back to the process's file when the thread has none.
   */
  static ProcTaskWalk.Rule kgrInProgress() {
    return new KgraftRule();
  }

  private record PatchStateRule(TargetState target) implements ProcTaskWalk.Rule {
    @Override
    public String file() {
      return "patch_state";
    }

    @Override
    public Optional<Integer> blocking(byte[] content, int length) throws KernelFormatException {
      int state = ProcParsers.parsePatchState(content, length);
      return state >= 0 && state != target.value() ? Optional.of(state) : Optional.empty();
    }
  }

  private record KgraftRule() implements ProcTaskWalk.Rule {
    @Override
    public String file() {
      return "kgr_in_progress";
    }

    @Override
    public Optional<Integer> blocking(byte[] content, int length) throws KernelFormatException {
      String flag = new String(content, 0, length, StandardCharsets.ISO_8859_1);
      return SysfsParsers.parseFlag(flag) ? Optional.of(0) : Optional.empty();
    }
  }
}
