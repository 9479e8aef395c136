package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.model.Printable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Builds the command line for one tool and runs it; every outcome is an exit code. */
public final class Cli {
  private Cli() {}

  public static int run(CliContext ctx, String... args) {
    CommandLine cl = build(ctx);
    int code = cl.execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  static CommandLine build(CliContext ctx) {
    TopCommand top = new TopCommand(ctx);
    GlobalOptions before = top.options;
    CommandLine cl = new CommandLine(top);
    cl.setCommandName(ctx.tool().command());
    cl.addSubcommand(new StatusCommand(ctx, before));
    cl.addSubcommand(new CheckCommand(ctx, before));
    cl.addSubcommand(new PatchesCommand(ctx, before));
    cl.addSubcommand(new BlockingCommand(ctx, before));
    if (ctx.tool() == Tool.KGR) {
      cl.addSubcommand(new BlockingCommand.Threads(ctx, before));
      cl.addSubcommand(new PokeCommand(ctx, before));
    }
    if (ctx.tool() == Tool.KLP) {
      cl.addSubcommand(new DowngradeCommand(ctx, before));
    }
    ServeCommand serve = null;
    TextfileCommand textfile = null;
    if (ctx.tool() == Tool.EXPORTER) {
      serve = new ServeCommand(ctx, before);
      textfile = new TextfileCommand(ctx, before);
      cl.addSubcommand(serve);
      cl.addSubcommand(textfile);
    }
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // As with most Unix tools, a later value wins (scripts add --path.* to a base command).
    cl.setOverwrittenOptionsAllowed(true);
    // node_exporter's --no-collector.<name>: picocli's default negation stops at the dot.
    cl.setNegatableOptionTransformer(
        new CommandLine.RegexTransformer.Builder()
            .addPattern("^--no-(\\w[\\w.-]*)$", "--$1", "--[no-]$1")
            .addPattern("^--(\\w[\\w.-]*)$", "--no-$1", "--[no-]$1")
            .build());
    if (serve != null) {
      // After the negation rule: the collectors' flags are made from their list.
      serve.exporter.addTo(cl.getSubcommands().get("serve").getCommandSpec());
      textfile.exporter.addTo(cl.getSubcommands().get("textfile").getCommandSpec());
      // The exporter neither asks, nor prints text or JSON, nor has more detail to give: its
      // commands and its help show only what they use.
      for (CommandLine c :
          List.of(cl, cl.getSubcommands().get("serve"), cl.getSubcommands().get("textfile"))) {
        for (String name : List.of("-n", "-o", "-v")) {
          c.getCommandSpec().remove(c.getCommandSpec().findOption(name));
        }
      }
    }
    String confirms = ctx.tool() == Tool.KGR ? "(poke)" : "(downgrade)";
    for (CommandLine c : commandsAndSubcommands(cl)) {
      CommandLine.Model.OptionSpec n = c.getCommandSpec().findOption("-n");
      if (n != null) {
        c.getCommandSpec().remove(n);
        c.getCommandSpec()
            .addOption(
                n.toBuilder().description("Do not ask for confirmation " + confirms + ".").build());
      }
      // A long synopsis wrapped inside option names: the options are listed below it.
      c.getCommandSpec().usageMessage().abbreviateSynopsis(true);
    }
    cl.setParameterExceptionHandler((ex, args) -> usageError(ctx, ex));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ctx, ex));
    return cl;
  }

  private static List<CommandLine> commandsAndSubcommands(CommandLine top) {
    List<CommandLine> all = new ArrayList<>(List.of(top));
    all.addAll(top.getSubcommands().values());
    return all;
  }

  /**
   * A usage error as GNU tools print one: what is wrong, then where help is, not the whole usage
   * text (which hides the one line that matters).
   */
  private static int usageError(CliContext ctx, ParameterException ex) {
    ctx.err().println(ctx.tool().command() + ": " + describe(ex));
    ctx.err()
        .println(
            "Try '"
                + ex.getCommandLine().getCommandSpec().qualifiedName()
                + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  /** A bad or missing option value, named by the option: {@code --output: expected …}. */
  private static String describeValue(OptionSpec o, String value) {
    String name = o.longestName();
    Class<?> type = o.type();
    String expected;
    if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : type.getEnumConstants()) {
        names.add(c.toString());
      }
      expected =
          names.size() == 1
              ? names.get(0)
              : String.join(", ", names.subList(0, names.size() - 1))
                  + " or "
                  + names.get(names.size() - 1);
    } else if (type == int.class || type == Integer.class || type == long.class) {
      expected = "a whole number";
    } else {
      expected = "a " + o.paramLabel();
    }
    return value == null
        ? name + ": needs a value: " + expected
        : name + ": expected " + expected + ", got '" + value + "'";
  }

  private static String describe(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (arg.startsWith("-")) {
        return "unknown option '" + arg + "'";
      }
      boolean top = u.getCommandLine().getParent() == null;
      return (top ? "unknown command '" : "unexpected argument '") + arg + "'";
    }
    String m = ex.getMessage() == null ? "" : ex.getMessage();
    if (ex instanceof MissingParameterException mp
        && mp.getMissing().size() == 1
        && mp.getMissing().get(0) instanceof OptionSpec o) {
      return Printable.of(describeValue(o, null));
    }
    if (ex.getArgSpec() instanceof OptionSpec o) {
      if (m.startsWith("Invalid value for option")) {
        return Printable.of(describeValue(o, ex.getValue()));
      }
      if (m.startsWith("Missing required parameter for option")) {
        return Printable.of(describeValue(o, null));
      }
    }
    return m.isEmpty() ? "invalid arguments" : firstLine(m);
  }

  private static int failure(CliContext ctx, Exception ex) {
    if (ex instanceof CliException c) {
      // One line, whatever a path or a name in it holds: control characters are shown as ?.
      ctx.err().println(ctx.tool().command() + ": " + Printable.of(c.getMessage().strip()));
      return c.exitCode();
    }
    String m = ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage());
    ctx.err().println(ctx.tool().command() + ": internal error: " + ex.getClass().getName() + m);
    return ExitCodes.ERROR;
  }

  private static String firstLine(String s) {
    List<String> lines = s.lines().toList();
    return lines.isEmpty() ? "" : Printable.of(lines.get(0));
  }
}
