package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems one reader records, each marked with the part of the state that reader reads: a
 * reader takes its view from the read's {@link Log} with {@link Log#of}, naming its own {@link
 * ReadProblem.Source}. Not thread-safe: one log per read.
 */
final class Problems {
  /** Task problems are counted by the walk; only the first few are kept to name examples. */
  static final int MAX_TASK_PROBLEMS = 16;

  /** Every problem of one read, in the order the readers found them. */
  static final class Log {
    private final List<ReadProblem> list = new ArrayList<>();
    private int taskProblems;

    /** The view through which a reader of SOURCE records its problems. */
    Problems of(ReadProblem.Source source) {
      return new Problems(this, source);
    }

    List<ReadProblem> list() {
      return list;
    }
  }

  private final Log log;
  private final ReadProblem.Source source;

  private Problems(Log log, ReadProblem.Source source) {
    this.log = log;
    this.source = source;
  }

  void host(Path file, String message) {
    log.list.add(new ReadProblem(file.toString(), message, ReadProblem.Scope.HOST, source));
  }

  void host(Path file, IOException e) {
    host(file, RawFiles.reason(e));
  }

  void task(Path file, String message) {
    if (log.taskProblems++ < MAX_TASK_PROBLEMS) {
      log.list.add(new ReadProblem(file.toString(), message, ReadProblem.Scope.TASK, source));
    }
  }

  /** How many problems the read has so far, for {@link #dropSince}. */
  int count() {
    return log.list.size();
  }

  /**
   * Forgets the problems added since COUNT: they were files of something that vanished during the
   * read (a patch freed while it was read), which is absence, not a failure.
   */
  void dropSince(int count) {
    log.list.subList(count, log.list.size()).clear();
  }
}
