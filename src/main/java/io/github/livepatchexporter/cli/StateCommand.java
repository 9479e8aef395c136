package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadProblem;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A subcommand that reads the kernel's state once and shows it. */
abstract class StateCommand implements Callable<Integer> {
  static final String NOT_ROOT_WARNING =
      "Warning: running as non-root user, display will be limited";

  final CliContext ctx;
  private final GlobalOptions before;

  @Mixin GlobalOptions after = new GlobalOptions();

  StateCommand(CliContext ctx, GlobalOptions before) {
    this.ctx = ctx;
    this.before = before;
  }

  /** Runs the command; errors are CliExceptions, which the caller reports. */
  @Override
  public abstract Integer call();

  GlobalOptions options() {
    return GlobalOptions.merge(before, after);
  }

  /**
   * One read. A file the answer depends on that could not be read or parsed ends the command with
   * one line naming it: a wrong answer is worse than none.
   */
  LivepatchState read(ReadOptions readOptions) {
    LivepatchState state = new StateReader(options().roots()).read(readOptions);
    List<ReadProblem> host =
        state.problems().stream().filter(p -> p.scope() == ReadProblem.Scope.HOST).toList();
    if (!host.isEmpty()) {
      String more = host.size() > 1 ? " (and " + (host.size() - 1) + " more)" : "";
      throw new CliException(host.get(0) + more);
    }
    return state;
  }

  /** Tells on stderr about tasks that could not be read, so a short list is not taken as whole. */
  void warnAboutTasks(LivepatchState state) {
    if (!ctx.root()) {
      ctx.err().println(NOT_ROOT_WARNING);
    }
    String first =
        state.problems().stream()
            .filter(p -> p.scope() == ReadProblem.Scope.TASK)
            .findFirst()
            .map(p -> " (first: " + p + ")")
            .orElse(null);
    int unreadable = state.tasks().unreadable();
    if (unreadable > 0) {
      ctx.warn("could not read " + unreadable + " task" + (unreadable == 1 ? "" : "s") + first);
    } else if (first != null) {
      ctx.warn("some details of blocking tasks could not be read" + first);
    }
  }

  void print(String text) {
    ctx.out().print(text);
    ctx.out().flush();
  }
}
