package io.github.livepatchexporter.testutil;

import java.util.regex.Pattern;

/** A strict check of the Prometheus text format 0.0.4, line by line. */
public final class PromText {
  static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
  static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*"
              + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\[\\\\\"n]|[^\"\\\\\\n])*\",?)*\\})?"
              + " (NaN|[+-]Inf|[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)");

  private PromText() {}

  /** Null when every line is valid, else the first bad line. */
  public static String firstInvalidLine(String body) {
    if (body.isEmpty() || !body.endsWith("\n")) {
      return "(body does not end with a newline)";
    }
    for (String line : body.split("\n")) {
      if (!COMMENT.matcher(line).matches() && !SAMPLE.matcher(line).matches()) {
        return line;
      }
    }
    return null;
  }
}
