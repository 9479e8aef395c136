package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.packages.PackageFacts;
import java.util.Map;
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
    boolean json = o.output() == OutputFormat.json;
    Map<String, PackageInfo> packages = Map.of();
    if (json || o.verbosity() > 0) {
      PackageFacts.Result r =
          PackageFacts.lookup(
              state,
              state.patchNames(),
              o.roots().rootfs(),
              ctx.commands(),
              json || o.verbosity() > 1);
      packages = r.packages();
      r.problems().forEach(p -> ctx.warn(p.message()));
      r.updates()
          .flatMap(UpdateCheck::unknownReason)
          .ifPresent(why -> ctx.warn("update status unknown: " + why));
    }
    print(
        json
            ? PatchesView.json(state, packages)
            : PatchesView.text(state, o.verbosity(), packages, ctx.tool()));
    return ExitCodes.OK;
  }
}
