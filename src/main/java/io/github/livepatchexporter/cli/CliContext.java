package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.CurrentUser;
import io.github.livepatchexporter.system.KillSignals;
import io.github.livepatchexporter.system.ProcessCommands;
import io.github.livepatchexporter.system.Signals;
import java.io.PrintWriter;

/**
 * What a command needs from outside the arguments. {@link #system} gives the real ones; tests pass
 * their own writers, prompt and user.
 */
public record CliContext(
    Tool tool,
    PrintWriter out,
    PrintWriter err,
    boolean root,
    Prompt prompt,
    Signals signals,
    Commands commands,
    long selfPid) {

  public static CliContext system(Tool tool, PrintWriter out, PrintWriter err) {
    return new CliContext(
        tool,
        out,
        err,
        CurrentUser.isRoot(),
        Prompt.console(),
        new KillSignals(),
        new ProcessCommands(),
        CurrentUser.pid());
  }

  /** Prints {@code <tool>: warning: <message>} on stderr. */
  void warn(String message) {
    err.println(tool.command() + ": warning: " + message);
  }
}
