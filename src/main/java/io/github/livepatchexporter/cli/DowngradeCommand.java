package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Printable;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.packages.Downgrade;
import io.github.livepatchexporter.system.packages.ModuleFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code downgrade [-n]}: replaces the current live patch package with its previous version. Shows
 * the zypper (SUSE) or dnf (Red Hat) command, asks on a terminal (or not, with {@code -n}), runs it
 * and reports the outcome. {@code --path.rootfs} becomes their and rpm's root.
 */
@Command(
    name = "downgrade",
    description = "Replace the current live patch with its previous version.")
final class DowngradeCommand extends StateCommand {
  DowngradeCommand(CliContext ctx, GlobalOptions before) {
    super(ctx, before);
  }

  @Override
  public Integer call() {
    GlobalOptions o = options();
    Path rootfs = o.roots().rootfs();
    if (!Files.isDirectory(rootfs)) {
      throw new CliException("--path.rootfs: " + rootfs + ": no such directory");
    }
    if (!o.nonInteractive && !ctx.prompt().available()) {
      throw new CliException(
          "downgrade: not changing packages without confirmation: no terminal (pass -n to skip it)");
    }
    LivepatchState state = read(ReadOptions.PATCHES);
    String release =
        state
            .osRelease()
            .orElseThrow(() -> new CliException("downgrade: the kernel release is unknown"));
    List<String> active = state.patchNames().stream().filter(state::active).toList();
    if (active.isEmpty()) {
      throw new CliException("downgrade: no live patch is active");
    }
    Map<String, List<String>> files = ModuleFiles.find(rootfs, release, active);
    Downgrade downgrade = new Downgrade(ctx.commands(), rootfs);
    Downgrade.Plan plan;
    try {
      plan = downgrade.plan(release, files);
    } catch (Downgrade.NoPlan e) {
      throw new CliException("downgrade: " + e.getMessage());
    }
    ctx.out()
        .println(
            Printable.of(
                "Downgrading " + plan.name() + " from " + plan.from() + " to " + plan.to() + ":"));
    ctx.out().println("    " + Printable.of(String.join(" ", plan.command())));
    ctx.out().flush();
    if (!o.nonInteractive && !ctx.prompt().confirm("Run this command?")) {
      throw new CliException("downgrade: cancelled, nothing changed");
    }
    Commands.Result r;
    try {
      r = downgrade.run(plan);
    } catch (Commands.CommandException e) {
      throw new CliException("downgrade: " + e.getMessage());
    }
    if (!r.ok()) {
      throw new CliException(
          "downgrade: " + plan.manager() + " failed (exit " + r.exit() + "): " + r.lastLine());
    }
    ctx.out().println(Printable.of("Downgraded " + plan.name() + " to " + plan.to() + "."));
    ctx.out().flush();
    return ExitCodes.OK;
  }
}
