package io.github.livepatchexporter.system;

import java.time.Duration;
import java.util.List;

/** Runs a program and collects what it printed: the seam rpm and zypper are reached through. */
public interface Commands {

  /** A finished program. */
  record Result(int exit, String stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }

    /** The last non-blank line of stderr (or stdout), for a one-line error message. */
    public String lastLine() {
      String text = stderr.isBlank() ? stdout : stderr;
      List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "exit status " + exit : lines.get(lines.size() - 1).strip();
    }
  }

  /** A program that could not be started or did not finish in time. */
  final class CommandException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean notStarted;

    public CommandException(String message) {
      this(message, false);
    }

    public CommandException(String message, boolean notStarted) {
      super(message);
      this.notStarted = notStarted;
    }

    /** The program could not be started at all: it is not installed (or not executable). */
    public boolean notStarted() {
      return notStarted;
    }
  }

  Result run(List<String> argv, Duration timeout) throws CommandException;
}
