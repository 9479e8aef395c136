package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.system.ProcessCommands;
import io.github.livepatchexporter.system.Signals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Runs the command line in this JVM with captured streams, a chosen user and a scripted prompt. */
final class CliRun {
  final int exit;
  final String out;
  final String err;

  private CliRun(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  /** Signals recorded instead of sent. */
  static final class RecordingSignals implements Signals {
    final List<String> sent = new ArrayList<>();

    @Override
    public void send(long pid, String signal) {
      sent.add(signal + " " + pid);
    }
  }

  static Prompt noTerminal() {
    return new Prompt() {
      @Override
      public boolean available() {
        return false;
      }

      @Override
      public boolean confirm(String question) {
        throw new AssertionError("asked without a terminal: " + question);
      }
    };
  }

  static Prompt answering(boolean answer, List<String> questions) {
    return new Prompt() {
      @Override
      public boolean available() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        questions.add(question);
        return answer;
      }
    };
  }

  static CliRun run(Tool tool, String... args) {
    return run(tool, true, noTerminal(), new RecordingSignals(), args);
  }

  static CliRun run(Tool tool, boolean root, Prompt prompt, Signals signals, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Cli.run(context(tool, root, prompt, signals, out, err), args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * {@link QuickStart} with the context {@link #run(Tool, String...)} gives the full parser; the
   * exit code is -1 when the quick path left the command to the full parser.
   */
  static CliRun quick(Tool tool, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = context(tool, true, noTerminal(), new RecordingSignals(), out, err);
    OptionalInt exit = QuickStart.run(ctx, args);
    ctx.out().flush();
    ctx.err().flush();
    return new CliRun(exit.orElse(-1), out.toString(), err.toString());
  }

  /** The full command line of {@code tool}, as {@code Cli.run} builds it, for its options. */
  static picocli.CommandLine commandLine(Tool tool) {
    return Cli.build(
        context(
            tool,
            true,
            noTerminal(),
            new RecordingSignals(),
            new StringWriter(),
            new StringWriter()));
  }

  private static CliContext context(
      Tool tool, boolean root, Prompt prompt, Signals signals, StringWriter out, StringWriter err) {
    return new CliContext(
        tool,
        new PrintWriter(out),
        new PrintWriter(err),
        root,
        prompt,
        signals,
        new ProcessCommands(),
        999_999);
  }
}
