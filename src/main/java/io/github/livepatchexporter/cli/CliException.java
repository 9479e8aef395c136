package io.github.livepatchexporter.cli;

/**
 * A failure the user is told about in one line on stderr; the command exits with {@link #exitCode}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(String message) {
    this(message, ExitCodes.ERROR);
  }

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
