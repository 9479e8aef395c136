package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import picocli.CommandLine.Command;

/** {@code patches}: the live patch modules; {@code -v} adds their fields. */
@Command(
    name = "patches",
    description = "List live patches; -v adds details (active, RPM, CVE, bug fixes).")
final class PatchesCommand extends StateCommand {
  PatchesCommand(CliContext ctx, GlobalOptions before) {
    super(ctx, before);
  }

  @Override
  public Integer call() {
    GlobalOptions o = options();
    LivepatchState state = read(ReadOptions.PATCHES);
    print(
        o.output() == OutputFormat.json
            ? PatchesView.json(state)
            : PatchesView.text(state, o.verbosity()));
    return ExitCodes.OK;
  }
}
