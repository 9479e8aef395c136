package io.github.livepatchexporter.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;

/**
 * Writes the bash completion script of {@code klp}, {@code kgr} or {@code livepatch-exporter} to
 * stdout, from the same command line the tool parses with: the packages run it at build time
 * (scripts/package.sh), so completion knows every command and option and cannot drift.
 *
 * <pre>java -cp livepatch-exporter.jar io.github.livepatchexporter.cli.Completion klp</pre>
 */
public final class Completion {
  private Completion() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    Tool tool = null;
    for (Tool t : Tool.values()) {
      if (args.length == 1 && t.command().equals(args[0])) {
        tool = t;
      }
    }
    if (tool == null) {
      System.err.println("usage: Completion klp|kgr|livepatch-exporter");
      System.exit(ExitCodes.USAGE);
    }
    PrintWriter sink = new PrintWriter(PrintWriter.nullWriter());
    String script =
        AutoComplete.bash(tool.command(), Cli.build(CliContext.system(tool, sink, sink)));
    // Sourced by bash-completion, not run: no #! line, as distributions want it.
    if (script.startsWith("#!")) {
      script = script.substring(script.indexOf('\n') + 1);
    }
    out.print(script);
    out.flush();
  }
}
