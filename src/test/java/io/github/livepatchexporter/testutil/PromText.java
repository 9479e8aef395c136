package io.github.livepatchexporter.testutil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text format 0.0.4 in tests: a strict check, line by line, and a parser into
 * samples with typed lookups, so that tests ask for a series rather than search for its text.
 */
public final class PromText {
  static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
  static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*"
              + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\[\\\\\"n]|[^\"\\\\\\n])*\",?)*\\})?"
              + " (NaN|[+-]Inf|[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)");

  static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\[\\\\\"n]|[^\"\\\\\\n])*)\"");

  private PromText() {}

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** The series as the text format spells it: {@code name{label="value",...}}. */
    public String series() {
      if (labels.isEmpty()) {
        return name;
      }
      StringBuilder b = new StringBuilder(name).append('{');
      labels.forEach(
          (k, v) ->
              b.append(k)
                  .append("=\"")
                  .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                  .append("\","));
      b.setLength(b.length() - 1);
      return b.append('}').toString();
    }
  }

  /**
   * The samples of a body, in order, comments skipped as the format says; a line that is neither
   * fails with it.
   */
  public static List<Sample> parse(String body) {
    List<Sample> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!SAMPLE.matcher(line).matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 ? brace : space);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          labels.put(m.group(1), unescape(m.group(2)));
        }
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return out;
  }

  /**
   * The value of the one series named {@code name} with these labels (name, value, name, value...)
   * among others; empty when there is none.
   */
  public static Optional<Double> value(String body, String name, String... labels) {
    List<Sample> found = samples(body, name, labels);
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          found.size() + " series match " + name + " " + List.of(labels));
    }
    return found.stream().findFirst().map(Sample::value);
  }

  /** Every series named {@code name} with these labels (name, value, name, value...). */
  public static List<Sample> samples(String body, String name, String... labels) {
    return parse(body).stream().filter(s -> s.name().equals(name) && hasLabels(s, labels)).toList();
  }

  private static boolean hasLabels(Sample s, String... labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char next = v.charAt(++i);
        b.append(next == 'n' ? '\n' : next);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

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
