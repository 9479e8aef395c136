package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.system.ProcessCommands;
import io.github.livepatchexporter.system.Signals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

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
    CliContext ctx =
        new CliContext(
            tool,
            new PrintWriter(out),
            new PrintWriter(err),
            root,
            prompt,
            signals,
            new ProcessCommands(),
            999_999);
    int exit = Cli.run(ctx, args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
