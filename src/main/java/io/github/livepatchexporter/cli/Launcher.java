package io.github.livepatchexporter.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** The process entry shared by the three main classes: real streams, exit status, no traces. */
final class Launcher {
  /** Set just before this class ends the process itself: its exit status is not a signal's. */
  private static volatile boolean exiting;

  private Launcher() {}

  /** Whether the JVM is shutting down because {@link #launch} asked it to, not on a signal. */
  static boolean exiting() {
    return exiting;
  }

  static void launch(Tool tool, String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code;
    try {
      OptionalInt quick = QuickStart.run(tool, args, out, err);
      code =
          quick.isPresent() ? quick.getAsInt() : Cli.run(CliContext.system(tool, out, err), args);
    } catch (Throwable t) {
      out.flush();
      err.println(tool.command() + ": internal error: " + t);
      code = ExitCodes.ERROR;
    }
    out.flush();
    err.flush();
    exiting = true;
    System.exit(code);
  }
}
