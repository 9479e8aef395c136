package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * The commands that monitoring and patching scripts run every few seconds, without building the
 * full parser's model of every command: picocli's model costs a run about 160 ms, the JVM's own
 * start about 60 ms (bench/RESULTS.md). Only the plain forms are taken here: one of {@code status},
 * {@code check}, {@code blocking}, {@code patches} (and kgr's {@code blocking_threads}), with
 * {@code -v}, {@code -vv} or {@code --verbose} and {@code --path.*=} roots, before or after the
 * command. The commands themselves are the full parser's; anything else, and every error, goes to
 * the full parser, which gives the same answer and the documented messages. QuickStartTest holds
 * both to the same output on every fixture.
 */
final class QuickStart {
  private QuickStart() {}

  /** A plain command line: the command and the options as the full parser would merge them. */
  private record Plain(String command, GlobalOptions options) {
    /** {@code status} and {@code check} need nothing of a {@link CliContext}. */
    boolean needsNoContext() {
      return command.equals("status") || command.equals("check");
    }
  }

  /**
   * The exit code when this path answered; empty when the full parser must. The context is built
   * only for the commands that use it: its root check alone would add a tenth to {@code status}.
   */
  static OptionalInt run(Tool tool, String[] args, PrintWriter out, PrintWriter err) {
    Plain plain = parse(tool, args);
    if (plain == null || plain.needsNoContext()) {
      return answer(plain, null, out);
    }
    return answer(plain, CliContext.system(tool, out, err), out);
  }

  /** As {@link #run(Tool, String[], PrintWriter, PrintWriter)}, with the given context. */
  static OptionalInt run(CliContext ctx, String[] args) {
    return answer(parse(ctx.tool(), args), ctx, ctx.out());
  }

  /** {@code ctx} may be null for a command that needs no context. */
  private static OptionalInt answer(Plain plain, CliContext ctx, PrintWriter out) {
    if (plain == null) {
      return OptionalInt.empty();
    }
    return plain.needsNoContext() ? status(plain, out) : state(ctx, plain);
  }

  /** The plain form of {@code args}, or null when it is anything else. */
  private static Plain parse(Tool tool, String[] args) {
    if (tool == Tool.EXPORTER) {
      return null;
    }
    String command = null;
    GlobalOptions options = new GlobalOptions();
    int verbosity = 0;
    for (String arg : args) {
      if (isCommand(tool, arg)) {
        if (command != null) {
          return null;
        }
        command = arg;
      } else if (arg.equals("--verbose")) {
        verbosity++;
      } else if (isVerboseCluster(arg)) {
        verbosity += arg.length() - 1;
      } else if (arg.startsWith("--path.sysfs=")) {
        options.sysfs = value(arg);
      } else if (arg.startsWith("--path.procfs=")) {
        options.procfs = value(arg);
      } else if (arg.startsWith("--path.rootfs=")) {
        options.rootfs = value(arg);
      } else {
        return null;
      }
    }
    if (command == null
        || givenEmpty(options.sysfs)
        || givenEmpty(options.procfs)
        || givenEmpty(options.rootfs)) {
      return null;
    }
    options.verbose = new boolean[verbosity];
    return new Plain(command, options);
  }

  /** {@code status} and {@code check} as their commands answer, without a context. */
  private static OptionalInt status(Plain plain, PrintWriter out) {
    LivepatchState state;
    try {
      state = new StateReader(plain.options().roots()).read(ReadOptions.STATUS);
    } catch (CliException e) {
      return OptionalInt.empty();
    }
    if (state.hasHostProblems()) {
      return OptionalInt.empty();
    }
    if (plain.command().equals("check")) {
      return OptionalInt.of(state.inProgress() ? ExitCodes.IN_PROGRESS : ExitCodes.OK);
    }
    out.print(StatusView.text(state));
    return OptionalInt.of(ExitCodes.OK);
  }

  /**
   * {@code blocking}, {@code blocking_threads} and {@code patches}: their own commands, given the
   * options the full parser would have given them. They print only after their read succeeded, so
   * an error (a CliException, before any output) is left to the full parser to report.
   */
  private static OptionalInt state(CliContext ctx, Plain plain) {
    StateCommand command =
        switch (plain.command()) {
          case "blocking" -> new BlockingCommand(ctx, plain.options());
          case "blocking_threads" -> new BlockingCommand.Threads(ctx, plain.options());
          default -> new PatchesCommand(ctx, plain.options());
        };
    try {
      return OptionalInt.of(command.call());
    } catch (CliException e) {
      return OptionalInt.empty();
    }
  }

  private static boolean isCommand(Tool tool, String arg) {
    return switch (arg) {
      case "status", "check", "blocking", "patches" -> true;
      case "blocking_threads" -> tool == Tool.KGR;
      default -> false;
    };
  }

  /** {@code -v}, {@code -vv}, {@code -vvv}: picocli counts each {@code v} of a cluster. */
  private static boolean isVerboseCluster(String arg) {
    if (arg.length() < 2 || arg.charAt(0) != '-') {
      return false;
    }
    for (int i = 1; i < arg.length(); i++) {
      if (arg.charAt(i) != 'v') {
        return false;
      }
    }
    return true;
  }

  /** An empty {@code --path.*=}: the full parser names it in its error. */
  private static boolean givenEmpty(String value) {
    return value != null && value.isEmpty();
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }
}
