package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import picocli.CommandLine.Command;

/** {@code status}: prints {@code ready} or {@code in_progress}. */
@Command(name = "status", description = "Print 'ready' or 'in_progress'.")
final class StatusCommand extends StateCommand {
  StatusCommand(CliContext ctx, GlobalOptions before) {
    super(ctx, before);
  }

  @Override
  public Integer call() {
    GlobalOptions o = options();
    if (o.output() == OutputFormat.json) {
      print(StatusView.json(read(ReadOptions.STATUS)));
    } else {
      LivepatchState state = read(ReadOptions.STATUS);
      print(StatusView.text(state));
    }
    return ExitCodes.OK;
  }
}
