package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the files one read could not use. Not thread-safe: one per read. */
final class Problems {
  private final List<ReadProblem> list = new ArrayList<>();

  void host(Path file, String message) {
    list.add(new ReadProblem(file.toString(), message, ReadProblem.Scope.HOST, sourceOf(file)));
  }

  /** The part of the state a host file belongs to, from where it lies. */
  private static ReadProblem.Source sourceOf(Path file) {
    String path = file.toString();
    if (path.contains("/kernel/kgraft") || path.contains("/kernel/kgr_")) {
      return ReadProblem.Source.KGRAFT;
    }
    if (path.contains("/module/") || path.endsWith("/module")) {
      return ReadProblem.Source.MODULES;
    }
    if (path.contains("/sys/kernel/osrelease") || path.contains("/sys/kernel/tainted")) {
      return ReadProblem.Source.KERNEL;
    }
    return ReadProblem.Source.LIVEPATCH;
  }

  void host(Path file, IOException e) {
    host(file, KernelFile.reason(e));
  }

  /** Task problems are counted by the walk; only the first few are kept to name examples. */
  static final int MAX_TASK_PROBLEMS = 16;

  private int taskProblems;

  void task(Path file, String message) {
    if (taskProblems++ < MAX_TASK_PROBLEMS) {
      list.add(
          new ReadProblem(
              file.toString(), message, ReadProblem.Scope.TASK, ReadProblem.Source.TASKS));
    }
  }

  List<ReadProblem> list() {
    return list;
  }

  /** How many problems there are so far, for {@link #dropSince}. */
  int count() {
    return list.size();
  }

  /**
   * Forgets the problems added since COUNT: they were files of something that vanished during the
   * read (a patch freed while it was read), which is absence, not a failure.
   */
  void dropSince(int count) {
    list.subList(count, list.size()).clear();
  }
}
