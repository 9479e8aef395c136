package io.github.livepatchexporter.cli;

/** Every exit status the command line returns, documented in the README's CLI table. */
public final class ExitCodes {
  /** Success; {@code check}: ready for live patching. */
  public static final int OK = 0;

  /** An error: a file that cannot be read or parsed, a refused or failed action. */
  public static final int ERROR = 1;

  /** {@code check}: a transition is in progress (as SUSE's kgr man page documents). */
  public static final int IN_PROGRESS = 1;

  /** An unknown command or option, or a bad option value: usage goes to stderr. */
  public static final int USAGE = 1;

  private ExitCodes() {}
}
