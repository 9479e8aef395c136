package io.github.livepatchexporter.exporter;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** logfmt lines on stderr, as Prometheus' own servers write them. */
public final class Log {
  /** {@code --log.level}. */
  public enum Level {
    debug,
    info,
    warn,
    error
  }

  private final PrintWriter err;
  private final Level threshold;

  public Log(PrintWriter err, Level threshold) {
    this.err = err;
    this.threshold = threshold;
  }

  public void debug(String msg) {
    log(Level.debug, msg);
  }

  public void info(String msg) {
    log(Level.info, msg);
  }

  public void warn(String msg) {
    log(Level.warn, msg);
  }

  public void error(String msg) {
    log(Level.error, msg);
  }

  private synchronized void log(Level level, String msg) {
    if (level.ordinal() < threshold.ordinal()) {
      return;
    }
    String escaped = msg.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    err.printf(
        Locale.ROOT, "ts=%s level=%s msg=\"%s\"%n", Instant.now().toString(), level, escaped);
    err.flush();
  }
}
