package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code status} and {@code check} without building the command-line model: the commands that
 * monitoring and patching scripts run every few seconds, so their cost is mostly the start of the
 * JVM (bench/RESULTS.md). Only the plainest forms are taken here (the command and {@code --path.*}
 * roots); anything else, and every error, goes to the full parser, which gives the same answer and
 * the documented messages.
 */
final class QuickStart {
  private QuickStart() {}

  /** The exit code when this path answered; empty when the full parser must. */
  static OptionalInt run(Tool tool, String[] args, PrintWriter out) {
    if (tool == Tool.EXPORTER) {
      return OptionalInt.empty();
    }
    String command = null;
    String sysfs = Roots.DEFAULT_SYSFS;
    String procfs = Roots.DEFAULT_PROCFS;
    String rootfs = Roots.DEFAULT_ROOTFS;
    for (String arg : args) {
      if (arg.equals("status") || arg.equals("check")) {
        if (command != null) {
          return OptionalInt.empty();
        }
        command = arg;
      } else if (arg.startsWith("--path.sysfs=")) {
        sysfs = value(arg);
      } else if (arg.startsWith("--path.procfs=")) {
        procfs = value(arg);
      } else if (arg.startsWith("--path.rootfs=")) {
        rootfs = value(arg);
      } else {
        return OptionalInt.empty();
      }
    }
    if (command == null || sysfs.isEmpty() || procfs.isEmpty() || rootfs.isEmpty()) {
      return OptionalInt.empty();
    }
    LivepatchState state;
    try {
      state =
          new StateReader(new Roots(Path.of(sysfs), Path.of(procfs), Path.of(rootfs)))
              .read(ReadOptions.STATUS);
    } catch (InvalidPathException e) {
      return OptionalInt.empty();
    }
    if (state.hasHostProblems()) {
      return OptionalInt.empty();
    }
    if (command.equals("check")) {
      return OptionalInt.of(state.inProgress() ? ExitCodes.IN_PROGRESS : ExitCodes.OK);
    }
    out.print(StatusView.text(state));
    return OptionalInt.of(ExitCodes.OK);
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }
}
