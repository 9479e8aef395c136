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
    list.add(new ReadProblem(file.toString(), message, ReadProblem.Scope.HOST));
  }

  void host(Path file, IOException e) {
    host(file, KernelFile.reason(e));
  }

  /** Task problems are counted by the walk; only the first few are kept to name examples. */
  static final int MAX_TASK_PROBLEMS = 16;

  private int taskProblems;

  void task(Path file, String message) {
    if (taskProblems++ < MAX_TASK_PROBLEMS) {
      list.add(new ReadProblem(file.toString(), message, ReadProblem.Scope.TASK));
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
