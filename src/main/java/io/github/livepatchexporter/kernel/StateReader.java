package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.TaskScan;
import io.github.livepatchexporter.model.Transition;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code /sys} and {@code /proc} under the given roots into one {@link LivepatchState}. It
 * only orchestrates: the readers ({@link LivepatchSysfs}, {@link KgraftSysfs}, {@link ModuleSysfs},
 * {@link ProcSysKernel}, {@link ProcTaskWalk}) read the files and record their problems.
 */
public final class StateReader {
  private final Roots roots;

  public StateReader(Roots roots) {
    this.roots = roots;
  }

  public Roots roots() {
    return roots;
  }

  /**
   * One read. Never throws for what it finds on disk: problems are part of the state. What {@code
   * klp status} reaches here ({@link ReadOptions#STATUS}) uses no lambda or stream, which would
   * cost the command a third of its start (bench/RESULTS.md); {@code CliIT} holds it to that.
   */
  public LivepatchState read(ReadOptions options) {
    Problems.Log problems = new Problems.Log();
    roots.check(problems);
    LivepatchSysfs livepatch = new LivepatchSysfs(roots, problems);
    boolean livepatchInterface = livepatch.exists();
    List<Patch> patches = livepatchInterface ? livepatch.read(options.details()) : List.of();
    Optional<Transition> transition = Optional.empty();
    for (Patch p : patches) {
      if (p.inTransition()) {
        transition = Optional.of(new Transition(p.name(), TargetState.of(p.enabled())));
        break;
      }
    }
    Optional<KgraftState> kgraft = new KgraftSysfs(roots, problems).read();
    List<LivepatchModule> modules = List.of();
    Optional<String> osRelease = Optional.empty();
    Optional<String> hostname = Optional.empty();
    OptionalLong tainted = OptionalLong.empty();
    if (options.details()) {
      Set<String> registered = patches.stream().map(Patch::name).collect(Collectors.toSet());
      kgraft.ifPresent(k -> registered.addAll(k.patches()));
      modules = new ModuleSysfs(roots, problems).read(registered);
      ProcSysKernel kernel = new ProcSysKernel(roots, problems);
      osRelease = kernel.osRelease();
      hostname = kernel.hostname();
      tainted = kernel.tainted();
    }
    TaskScan tasks = TaskScan.NOT_WALKED;
    if (options.walkTasks()) {
      ProcTaskWalk walk = new ProcTaskWalk(roots, problems, options.stacks());
      if (transition.isPresent()) {
        tasks = walk.walk(TaskRules.patchState(transition.get().target()), Optional.empty());
      } else if (kgraft.isPresent() && kgraft.get().inProgress()) {
        tasks = walk.walk(TaskRules.kgrInProgress(), Optional.of("kgr_in_progress"));
      }
    }
    return new LivepatchState(
        livepatchInterface,
        kgraft,
        patches,
        modules,
        transition,
        tasks,
        osRelease,
        hostname,
        tainted,
        problems.list(),
        options.parts());
  }
}
