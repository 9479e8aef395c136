package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.model.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code /proc/<pid>/task/<tid>/{comm,cmdline,stat,stack}} (fs/proc/base.c) of one blocking thread,
 * for {@link ProcTaskWalk}, which passes its {@link ReadProblem.Source#TASKS} problems. {@code
 * stack} needs CONFIG_STACKTRACE and root; without it the task has no stack.
 */
final class ProcTask {
  private ProcTask() {}

  /** What reading one file gave: its text, nothing (unreadable, recorded), or gone. */
  private record Content(boolean gone, Optional<String> text) {}

  /** The task, or empty when it vanished (its {@code comm} is gone). */
  static Optional<Task> read(
      int pid,
      int tid,
      int patchState,
      Path taskDir,
      boolean stacks,
      Optional<List<String>> processCmdline,
      Problems problems) {
    Content comm = text(taskDir.resolve("comm"), problems);
    if (comm.gone()) {
      return Optional.empty();
    }
    Content stat = text(taskDir.resolve("stat"), problems);
    char state = '?';
    boolean kernelThread = false;
    if (stat.text().isPresent()) {
      try {
        ProcParsers.Stat parsed = ProcParsers.parseStat(stat.text().get());
        state = parsed.state();
        kernelThread = parsed.kernelThread();
      } catch (KernelFormatException e) {
        problems.task(taskDir.resolve("stat"), e.getMessage());
      }
    }
    Optional<List<String>> stack = Optional.empty();
    if (stacks) {
      stack = text(taskDir.resolve("stack"), problems).text().map(ProcParsers::parseStack);
    }
    // Every thread of a process has the process's command line: read it once per process.
    List<String> args =
        processCmdline.isPresent()
            ? processCmdline.get()
            : text(taskDir.resolve("cmdline"), problems)
                .text()
                .map(ProcParsers::parseCmdline)
                .orElse(List.of());
    return Optional.of(
        new Task(
            pid,
            tid,
            patchState,
            comm.text().map(ProcParsers::parseComm).orElse(""),
            args,
            state,
            kernelThread,
            stack));
  }

  private static Content text(Path file, Problems problems) {
    try {
      Optional<String> content = RawFiles.read(file);
      return new Content(content.isEmpty(), content);
    } catch (IOException e) {
      problems.task(file, RawFiles.reason(e));
      return new Content(false, Optional.empty());
    }
  }
}
