package io.github.livepatchexporter.log;

import io.github.livepatchexporter.model.Printable;
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
    String escaped = escape(msg);
    err.printf(
        Locale.ROOT, "ts=%s level=%s msg=\"%s\"%n", Instant.now().toString(), level, escaped);
    err.flush();
  }

  /**
   * A logfmt value's escapes, as Go's strconv.Quote writes them: a name with a newline or a
   * terminal escape cannot forge a line or reach the terminal raw.
   */
  static String escape(String msg) {
    StringBuilder b = new StringBuilder(msg.length() + 8);
    for (int i = 0; i < msg.length(); ) {
      int cp = msg.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Printable.printable(cp)) {
            b.appendCodePoint(cp);
          } else if (cp <= 0xffff) {
            b.append(String.format(Locale.ROOT, "\\u%04x", cp));
          } else {
            b.append(String.format(Locale.ROOT, "\\U%08x", cp));
          }
        }
      }
    }
    return b.toString();
  }
}
