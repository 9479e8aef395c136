package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.model.Printable;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.CurrentUser;
import io.github.livepatchexporter.system.KillSignals;
import io.github.livepatchexporter.system.ProcessCommands;
import io.github.livepatchexporter.system.Signals;
import java.io.PrintWriter;

/**
 * What a command needs from outside the arguments. {@link #system} gives the real ones; tests pass
 * their own writers, prompt and user.
 *
 * @param selfPid this process, which {@code poke} never signals; {@link #SELF} looks it up when
 *     asked, since the lookup ({@code ProcessHandle}) costs a command 20 ms of its start
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

  /** {@code selfPid} of this process, looked up when needed. */
  static final long SELF = -1;

  @Override
  public long selfPid() {
    return selfPid == SELF ? CurrentUser.pid() : selfPid;
  }

  public static CliContext system(Tool tool, PrintWriter out, PrintWriter err) {
    return new CliContext(
        tool,
        out,
        err,
        CurrentUser.isRoot(),
        Prompt.console(),
        new KillSignals(),
        new ProcessCommands(),
        SELF);
  }

  /** Prints {@code <tool>: warning: <message>} on stderr. */
  void warn(String message) {
    err.println(tool.command() + ": warning: " + Printable.of(message));
  }
}
