package io.github.livepatchexporter.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Everything one read of {@code /sys} and {@code /proc} found: the single source every command and
 * every metric is computed from, so that {@code klp status} and {@code /metrics} never disagree.
 *
 * @param livepatchInterface {@code /sys/kernel/livepatch/} exists (CONFIG_LIVEPATCH)
 * @param kgraft the legacy kGraft interface, when {@code /sys/kernel/kgraft/} exists
 * @param patches registered patches, sorted by name
 * @param modules loaded live patch modules (taint K), registered or not, sorted by name
 * @param transition the transition in progress, if a patch's {@code transition} reads 1
 * @param tasks the walk over {@code /proc}, done only while a transition is in progress
 * @param osRelease {@code /proc/sys/kernel/osrelease}
 * @param hostname {@code /proc/sys/kernel/hostname}: the node name of the reader's UTS namespace
 * @param tainted {@code /proc/sys/kernel/tainted}
 * @param problems files that could not be read or parsed
 * @param parts which parts the read took in: an empty list of a part not read means "not read"
 */
public record LivepatchState(
    boolean livepatchInterface,
    Optional<KgraftState> kgraft,
    List<Patch> patches,
    List<LivepatchModule> modules,
    Optional<Transition> transition,
    TaskScan tasks,
    Optional<String> osRelease,
    Optional<String> hostname,
    OptionalLong tainted,
    List<ReadProblem> problems,
    ReadParts parts) {

  /** Bit 15 of {@code /proc/sys/kernel/tainted}: "K", the kernel has been live patched. */
  public static final long TAINT_LIVEPATCH = 1L << 15;

  public LivepatchState {
    patches = List.copyOf(patches);
    modules = List.copyOf(modules);
    problems = List.copyOf(problems);
  }

  /**
   * As {@code klp check} decides: any patch's {@code transition} is non-zero, or the kGraft {@code
   * in_progress} flag is set. Loops, not streams, here and in {@link #hasHostProblems}: {@code klp
   * status} calls both, and a first lambda costs it about 10 ms of start (bench/RESULTS.md).
   */
  public boolean inProgress() {
    for (Patch p : patches) {
      if (p.inTransition()) {
        return true;
      }
    }
    return kgraft.isPresent() && kgraft.get().inProgress();
  }

  public Optional<Patch> patch(String name) {
    return patches.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public Optional<LivepatchModule> module(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * The names {@code klp patches} lists: every registered patch and every loaded live patch module
   * (a replaced or disabled patch whose module is still in memory), in natural name order.
   */
  public List<String> patchNames() {
    TreeSet<String> names = new TreeSet<>(NaturalOrder.INSTANCE);
    patches.forEach(p -> names.add(p.name()));
    modules.forEach(m -> names.add(m.name()));
    kgraft.ifPresent(k -> names.addAll(k.patches()));
    return new ArrayList<>(names);
  }

  /** Loaded live patch modules without a patch directory: replaced or disabled patches. */
  public List<LivepatchModule> inactiveModules() {
    return modules.stream()
        .filter(m -> !m.registered())
        .sorted(Comparator.comparing(LivepatchModule::name, NaturalOrder.INSTANCE))
        .toList();
  }

  /**
   * Whether {@code klp -v patches} shows the patch as {@code active: 1}: its {@code enabled} reads
   * 1, or it is a kGraft patch with a directory under {@code /sys/kernel/kgraft/}. A loaded module
   * without a patch directory was replaced or disabled and is inactive.
   */
  public boolean active(String name) {
    return patch(name).map(Patch::enabled).orElse(false)
        || kgraft.map(k -> k.patches().contains(name)).orElse(false);
  }

  public boolean hasHostProblems() {
    for (ReadProblem p : problems) {
      if (p.scope() == ReadProblem.Scope.HOST) {
        return true;
      }
    }
    return false;
  }
}
