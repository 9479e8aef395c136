package io.github.livepatchexporter.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** The process entry shared by the three main classes: real streams, exit status, no traces. */
final class Launcher {
  private Launcher() {}

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
    System.exit(code);
  }
}
