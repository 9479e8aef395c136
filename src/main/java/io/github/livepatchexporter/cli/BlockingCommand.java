package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import picocli.CommandLine.Command;

/**
 * {@code blocking} and kgr's {@code blocking_threads}: the tasks that keep the transition from
 * completing. Nothing on stdout when nothing blocks (openQA fails on any output then).
 */
@Command(
    name = "blocking",
    description = "List tasks blocking the transition; -v adds command lines, -vv stacks.")
class BlockingCommand extends StateCommand {
  private final boolean threads;

  BlockingCommand(CliContext ctx, GlobalOptions before) {
    this(ctx, before, false);
  }

  BlockingCommand(CliContext ctx, GlobalOptions before, boolean threads) {
    super(ctx, before);
    this.threads = threads;
  }

  @Override
  public Integer call() {
    GlobalOptions o = options();
    boolean stacks = o.verbosity() > 1;
    LivepatchState state = read(stacks ? ReadOptions.BLOCKING_STACKS : ReadOptions.BLOCKING);
    warnAboutTasks(state);
    if (o.output() == OutputFormat.json) {
      print(BlockingView.json(state, o.verbosity()));
      return ExitCodes.OK;
    }
    print(BlockingView.text(state, o.verbosity(), threads));
    if (o.verbosity() > 0 && state.transition().isPresent() && state.tasks().blockers().isEmpty()) {
      ctx.warn(
          "the transition of '"
              + state.transition().get().patch()
              + "' is in progress, but no task in /proc blocks it (idle tasks may)");
    }
    return ExitCodes.OK;
  }

  /** kgr {@code blocking_threads}: "PID TID" columns. */
  @Command(
      name = "blocking_threads",
      description =
          "Obsolete. List blocking threads as PID TID; -v adds command lines, -vv stacks.")
  static final class Threads extends BlockingCommand {
    Threads(CliContext ctx, GlobalOptions before) {
      super(ctx, before, true);
    }
  }
}
