package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.ReadProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code /sys/kernel/kgraft/}: SLE 12 kernels before the port to upstream livepatch (Jiri Slaby's
 * kGraft tree, kernel/kgraft_files.c; never in mainline). Reads the global {@code in_progress} flag
 * (0/1) and the names of the {@code <patch>/} directories. Its problems are {@link
 * ReadProblem.Source#KGRAFT}.
 */
final class KgraftSysfs {
  private final Path dir;
  private final Problems problems;

  /** The reader of {@code <sysfs>/kernel/kgraft}. */
  KgraftSysfs(Roots roots, Problems.Log log) {
    this.dir = roots.kgraft();
    this.problems = log.of(ReadProblem.Source.KGRAFT);
  }

  /** The kGraft state, or empty when the kernel has no kGraft interface. */
  Optional<KgraftState> read() {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    boolean inProgress = new ValueReader(problems).flag(dir.resolve("in_progress")).orElse(false);
    List<String> patches;
    try {
      patches = RawFiles.list(dir, true);
    } catch (IOException e) {
      problems.host(dir, e);
      patches = List.of();
    }
    return Optional.of(new KgraftState(inProgress, patches));
  }
}
