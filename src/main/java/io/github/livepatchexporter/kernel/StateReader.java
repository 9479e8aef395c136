package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.TaskScan;
import io.github.livepatchexporter.model.Transition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code /sys} and {@code /proc} under the given roots into one {@link LivepatchState}. */
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
    Problems problems = new Problems();
    // Both, whatever this read needs: a --path.procfs that names nothing is a mistake to report
    // even to `klp status`, which reads only sysfs.
    requireDirectory(roots.sysfs(), problems);
    requireDirectory(roots.procfs(), problems);
    boolean livepatch = Files.isDirectory(roots.livepatch());
    List<Patch> patches =
        livepatch
            ? new LivepatchSysfsReader(problems).read(roots.livepatch(), options.details())
            : List.of();
    Optional<Transition> transition = Optional.empty();
    for (Patch p : patches) {
      if (p.inTransition()) {
        transition = Optional.of(new Transition(p.name(), TargetState.of(p.enabled())));
        break;
      }
    }
    Optional<KgraftState> kgraft = readKgraft(problems);
    List<LivepatchModule> modules = List.of();
    Optional<String> osRelease = Optional.empty();
    OptionalLong tainted = OptionalLong.empty();
    if (options.details()) {
      Set<String> registered = patches.stream().map(Patch::name).collect(Collectors.toSet());
      kgraft.ifPresent(k -> registered.addAll(k.patches()));
      modules = new ModuleReader(problems).read(roots.modules(), registered);
      ValueFiles values = new ValueFiles(problems);
      osRelease = values.line(roots.procfs().resolve("sys/kernel/osrelease"));
      tainted = values.tainted(roots.procfs().resolve("sys/kernel/tainted"));
    }
    TaskScan tasks = TaskScan.NOT_WALKED;
    if (options.walkTasks()) {
      TaskWalker walker = new TaskWalker(problems, options.stacks());
      if (transition.isPresent()) {
        tasks =
            walker.walk(
                roots.procfs(), new PatchStateRule(transition.get().target()), Optional.empty());
      } else if (kgraft.isPresent() && kgraft.get().inProgress()) {
        tasks = walker.walk(roots.procfs(), new KgraftRule(), Optional.of("kgr_in_progress"));
      }
    }
    return new LivepatchState(
        livepatch,
        kgraft,
        patches,
        modules,
        transition,
        tasks,
        osRelease,
        tainted,
        problems.list());
  }

  /** {@code /sys/kernel/kgraft/}: SLE 12 kernels before the port to upstream livepatch. */
  private Optional<KgraftState> readKgraft(Problems problems) {
    Path dir = roots.kgraft();
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    boolean inProgress = new ValueFiles(problems).flag(dir.resolve("in_progress")).orElse(false);
    List<String> patches;
    try {
      patches = KernelFile.list(dir, true);
    } catch (IOException e) {
      problems.host(dir, e);
      patches = List.of();
    }
    return Optional.of(new KgraftState(inProgress, patches));
  }

  private static void requireDirectory(Path root, Problems problems) {
    if (!Files.isDirectory(root)) {
      problems.host(root, Files.exists(root) ? "not a directory" : "no such directory");
    }
  }

  /** A thread blocks when its {@code patch_state} is at least 0 and differs from the target. */
  private record PatchStateRule(TargetState target) implements TaskWalker.Rule {
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

  /** A kGraft task blocks while its {@code kgr_in_progress} is 1 (still in the old universe). */
  private record KgraftRule() implements TaskWalker.Rule {
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
