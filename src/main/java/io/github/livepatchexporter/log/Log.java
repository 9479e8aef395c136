package io.github.livepatchexporter.log;

import io.github.livepatchexporter.model.Printable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** logfmt or JSON lines on stderr, as Prometheus' own servers write them. */
public final class Log {
  /** {@code --log.level}. */
  public enum Level {
    debug,
    info,
    warn,
    error
  }

  /** {@code --log.format}. */
  public enum Format {
    /** {@code ts=… level=info msg="…"} */
    logfmt,
    /** {@code {"ts":"…","level":"info","msg":"…"}}, one object per line */
    json
  }

  private final PrintWriter err;
  private final Level threshold;
  private final Format format;

  public Log(PrintWriter err, Level threshold) {
    this(err, threshold, Format.logfmt);
  }

  public Log(PrintWriter err, Level threshold, Format format) {
    this.err = err;
    this.threshold = threshold;
    this.format = format;
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
    String ts = Instant.now().toString();
    if (format == Format.json) {
      err.printf(
          Locale.ROOT,
          "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}%n",
          ts,
          level,
          escape(msg, true));
    } else {
      err.printf(Locale.ROOT, "ts=%s level=%s msg=\"%s\"%n", ts, level, escape(msg, false));
    }
    err.flush();
  }

  /** A logfmt value's escapes. */
  static String escape(String msg) {
    return escape(msg, false);
  }

  /**
   * A logfmt value's escapes, as Go's strconv.Quote writes them, or a JSON string's (RFC 8259:
   * characters beyond U+FFFF as a surrogate pair): a name with a newline or a terminal escape
   * cannot forge a line or reach the terminal raw.
   */
  static String escape(String msg, boolean json) {
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
          } else if (json) {
            for (char c : Character.toChars(cp)) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
          } else {
            b.append(String.format(Locale.ROOT, "\\U%08x", cp));
          }
        }
      }
    }
    return b.toString();
  }
}
