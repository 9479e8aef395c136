package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import picocli.CommandLine.Command;

/** {@code check}: prints nothing; exit 0 when ready, 1 while a transition is in progress. */
@Command(name = "check", description = "Exit 0 when ready for live patching, 1 while in progress.")
final class CheckCommand extends StateCommand {
  CheckCommand(CliContext ctx, GlobalOptions before) {
    super(ctx, before);
  }

  @Override
  public Integer call() {
    return read(ReadOptions.STATUS).inProgress() ? ExitCodes.IN_PROGRESS : ExitCodes.OK;
  }
}
