package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.Roots;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options accepted before the command ({@code klp -v patches}, as scripts call it) and after it
 * ({@code klp patches -v}). Both places count: {@code klp -v blocking -v} is {@code -vv}.
 */
public final class GlobalOptions {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-v", "--verbose"},
      description = "More detail; repeat for more (-vv).")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-n", "--non-interactive"},
      description = "Do not ask for confirmation (downgrade, poke).")
  boolean nonInteractive;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text (default) or json, for status, patches and blocking.")
  OutputFormat output;

  @Option(
      names = "--path.sysfs",
      paramLabel = "DIR",
      description = "sysfs mount point (default: /sys).")
  String sysfs;

  @Option(
      names = "--path.procfs",
      paramLabel = "DIR",
      description = "procfs mount point (default: /proc).")
  String procfs;

  @Option(
      names = "--path.rootfs",
      paramLabel = "DIR",
      description = "root of the installed system, for packages (default: /).")
  String rootfs;

  /** The two places merged: counts add up, a value after the command wins. */
  static GlobalOptions merge(GlobalOptions before, GlobalOptions after) {
    GlobalOptions m = new GlobalOptions();
    m.verbose = new boolean[before.verbose.length + after.verbose.length];
    m.nonInteractive = before.nonInteractive || after.nonInteractive;
    m.output = after.output != null ? after.output : before.output;
    m.sysfs = after.sysfs != null ? after.sysfs : before.sysfs;
    m.procfs = after.procfs != null ? after.procfs : before.procfs;
    m.rootfs = after.rootfs != null ? after.rootfs : before.rootfs;
    return m;
  }

  int verbosity() {
    return verbose.length;
  }

  OutputFormat output() {
    return output == null ? OutputFormat.text : output;
  }

  Roots roots() {
    return new Roots(
        path("--path.sysfs", sysfs, Roots.DEFAULT_SYSFS),
        path("--path.procfs", procfs, Roots.DEFAULT_PROCFS),
        path("--path.rootfs", rootfs, Roots.DEFAULT_ROOTFS));
  }

  private static Path path(String option, String value, String defaultValue) {
    String v = value == null ? defaultValue : value;
    if (v.isEmpty()) {
      throw new CliException(option + ": must not be empty", ExitCodes.USAGE);
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new CliException(option + ": invalid path " + quote(v), ExitCodes.USAGE);
    }
  }

  private static String quote(String v) {
    return io.github.livepatchexporter.kernel.SysfsParsers.quote(v);
  }
}
