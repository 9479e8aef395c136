package io.github.livepatchexporter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code downgrade [-n]}: replaces the current live patch package with its previous version. The
 * package lookup (rpm, zypper) is not part of this version, so after the checks every real run
 * would need it ends with a clear error instead of a guess.
 */
@Command(
    name = "downgrade",
    description = "Replace the current live patch with its previous version.")
final class DowngradeCommand implements Callable<Integer> {
  static final String NOT_AVAILABLE =
      "downgrade: not available in this version: it cannot look up live patch packages (rpm, zypper)";

  private final CliContext ctx;
  private final GlobalOptions before;

  @Mixin GlobalOptions after = new GlobalOptions();

  DowngradeCommand(CliContext ctx, GlobalOptions before) {
    this.ctx = ctx;
    this.before = before;
  }

  @Override
  public Integer call() {
    GlobalOptions o = GlobalOptions.merge(before, after);
    Path rootfs = o.roots().rootfs();
    if (!Files.isDirectory(rootfs)) {
      throw new CliException("--path.rootfs: " + rootfs + ": no such directory");
    }
    if (!o.nonInteractive && !ctx.prompt().available()) {
      throw new CliException(
          "downgrade: not changing packages without confirmation: no terminal (pass -n to skip it)");
    }
    throw new CliException(NOT_AVAILABLE);
  }
}
