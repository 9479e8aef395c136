package io.github.livepatchexporter.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
    CommandLine cl = Cli.build(CliContext.system(tool, sink, sink));
    String script = withNegatedForms(AutoComplete.bash(tool.command(), cl), cl);
    // Sourced by bash-completion, not run: no #! line, as distributions want it.
    if (script.startsWith("#!")) {
      script = script.substring(script.indexOf('\n') + 1);
    }
    out.print(script);
    out.flush();
  }

  /**
   * picocli's script completes an option's name but not its negated form: each negatable option
   * ({@code --collector.patches}) gets its {@code --no-} form beside it in the words offered.
   */
  static String withNegatedForms(String script, CommandLine cl) {
    CommandLine.INegatableOptionTransformer negation = cl.getNegatableOptionTransformer();
    List<CommandLine> commands = new ArrayList<>(List.of(cl));
    commands.addAll(cl.getSubcommands().values());
    Set<String> done = new HashSet<>();
    for (CommandLine c : commands) {
      for (OptionSpec o : c.getCommandSpec().options()) {
        if (o.negatable() && done.add(o.longestName())) {
          String negated = negation.makeNegative(o.longestName(), c.getCommandSpec());
          script =
              script.replace(
                  "'" + o.longestName() + "'", "'" + o.longestName() + "' '" + negated + "'");
        }
      }
    }
    return script;
  }
}
