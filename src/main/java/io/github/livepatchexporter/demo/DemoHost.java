package io.github.livepatchexporter.demo;

import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedFunction;
import io.github.livepatchexporter.model.PatchedObject;
import io.github.livepatchexporter.model.ReadParts;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.TaskScan;
import io.github.livepatchexporter.model.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code serve --demo}: a simulated host that tells the story operators meet, one phase per step,
 * over and over: a patch loads, its transition stalls on blockers of several kinds, the blockers
 * clear and it completes, then an atomic-replace patch follows and leaves the old module loaded but
 * inactive. Every metric, panel and alert can be seen moving without a live-patched kernel.
 */
public final class DemoHost implements Supplier<LivepatchState> {
  /** The phases, in order. */
  public enum Phase {
    UNPATCHED,
    PATCH_LOADING,
    STALLED,
    STALLED_ON_D_STATE,
    PATCHED,
    REPLACING,
    REPLACED
  }

  static final int THREADS = 812;
  static final String P1 = "livepatch_1_1_1";
  static final String P2 = "livepatch_2_1_1";

  private final Clock clock;
  private final Duration step;
  private final long start;

  public DemoHost(Clock clock, Duration step) {
    this.clock = clock;
    this.step = step;
    this.start = clock.millis();
  }

  public Phase phase() {
    long n = (clock.millis() - start) / Math.max(1, step.toMillis());
    return Phase.values()[(int) (n % Phase.values().length)];
  }

  @Override
  public LivepatchState get() {
    Phase phase = phase();
    List<Patch> patches = new ArrayList<>();
    List<LivepatchModule> modules = new ArrayList<>();
    Optional<Transition> transition = Optional.empty();
    List<Task> blockers = new ArrayList<>();
    switch (phase) {
      case UNPATCHED -> {}
      case PATCH_LOADING, STALLED, STALLED_ON_D_STATE -> {
        patches.add(patch(P1, true, false, "cmdline_proc_show", "meminfo_proc_show"));
        modules.add(module(P1, true));
        transition = Optional.of(new Transition(P1, TargetState.PATCHED));
        blockers = blockers(phase);
      }
      case PATCHED -> {
        patches.add(patch(P1, false, false, "cmdline_proc_show", "meminfo_proc_show"));
        modules.add(module(P1, true));
      }
      case REPLACING -> {
        patches.add(patch(P1, false, false, "cmdline_proc_show", "meminfo_proc_show"));
        patches.add(
            patch(P2, true, true, "cmdline_proc_show", "meminfo_proc_show", "uptime_proc_show"));
        modules.add(module(P1, true));
        modules.add(module(P2, true));
        transition = Optional.of(new Transition(P2, TargetState.PATCHED));
        blockers.add(
            task(
                403,
                403,
                "sshd",
                'S',
                false,
                "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"));
      }
      case REPLACED -> {
        patches.add(
            patch(P2, false, true, "cmdline_proc_show", "meminfo_proc_show", "uptime_proc_show"));
        modules.add(module(P1, false));
        modules.add(module(P2, true));
      }
    }
    TaskScan tasks =
        transition.isPresent() ? new TaskScan(true, THREADS, 0, 0, blockers) : TaskScan.NOT_WALKED;
    boolean patchedOnce = phase != Phase.UNPATCHED;
    return new LivepatchState(
        true,
        Optional.empty(),
        patches,
        modules,
        transition,
        tasks,
        Optional.of("6.12.9-demo"),
        Optional.of("demo"),
        OptionalLong.of(patchedOnce ? LivepatchState.TAINT_LIVEPATCH | 1L << 12 : 0),
        List.of(),
        ReadParts.SCRAPE);
  }

  private static List<Task> blockers(Phase phase) {
    List<Task> b = new ArrayList<>();
    if (phase == Phase.PATCH_LOADING) {
      // Right after the start most tasks are still off target; they switch within a second or so.
      for (int pid = 1000; pid < 1012; pid++) {
        for (int t = 0; t < 3; t++) {
          b.add(
              task(
                  pid,
                  pid + t * 100,
                  "worker",
                  t == 0 ? 'R' : 'S',
                  false,
                  "/usr/bin/worker --pool"));
        }
      }
      return b;
    }
    b.add(task(312, 312, "klp_sleeper", 'I', true, ""));
    b.add(task(455, 455, "nfsd", 'D', true, ""));
    b.add(task(2210, 2210, "dd", 'D', false, "dd if=/dev/zero of=/var/tmp/big bs=1M"));
    if (phase == Phase.STALLED) {
      b.add(task(1870, 1871, "postgres", 'S', false, "postgres: checkpointer"));
      b.add(task(1870, 1872, "postgres", 'S', false, "postgres: checkpointer"));
      b.add(task(1990, 1990, "cat", 'S', false, "cat /proc/klp_sleeper"));
    }
    return b;
  }

  private static Task task(int pid, int tid, String comm, char state, boolean kernel, String cmd) {
    List<String> args = cmd.isEmpty() ? List.of() : List.of(cmd.split(" "));
    return new Task(pid, tid, 0, comm, args, state, kernel, Optional.empty());
  }

  private static Patch patch(
      String name, boolean inTransition, boolean replace, String... functions) {
    List<PatchedFunction> fns = new ArrayList<>();
    for (String f : functions) {
      fns.add(new PatchedFunction(f, 1));
    }
    return new Patch(
        name,
        true,
        Optional.of(inTransition),
        Optional.of(replace),
        OptionalInt.empty(),
        List.of(new PatchedObject("vmlinux", Optional.of(true), fns)));
  }

  private static LivepatchModule module(String name, boolean registered) {
    return new LivepatchModule(
        name,
        OptionalInt.of(registered ? 1 : 0),
        Optional.of("OEK"),
        Optional.empty(),
        Optional.of("D3M0" + name.hashCode()),
        registered);
  }
}
