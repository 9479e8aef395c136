package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.PackageLookup;
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
      PackageLookup.Result r =
          Packages.lookup(state, o.roots().rootfs(), ctx.commands(), json || o.verbosity() > 1);
      packages = r.packages();
      if (!r.problems().isEmpty()) {
        String more =
            r.problems().size() > 1 ? " (and " + (r.problems().size() - 1) + " more)" : "";
        ctx.warn("package facts incomplete: " + r.problems().get(0) + more);
      }
      r.updates()
          .flatMap(UpdateCheck::unknownReason)
          .ifPresent(why -> ctx.warn("update status unknown: " + why));
    }
    print(
        json
            ? PatchesView.json(state, packages)
            : PatchesView.text(state, o.verbosity(), packages));
    return ExitCodes.OK;
  }
}
