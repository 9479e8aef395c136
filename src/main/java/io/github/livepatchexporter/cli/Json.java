package io.github.livepatchexporter.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON writer for the {@code --output json} documents: maps keep their insertion order, so
 * field order is stable; output is one document followed by a newline.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    append(b, value, 0);
    return b.append('\n').toString();
  }

  private static void append(StringBuilder b, Object v, int indent) {
    if (v instanceof Optional<?> o) {
      append(b, o.orElse(null), indent);
    } else if (v instanceof java.util.OptionalInt o) {
      append(b, o.isPresent() ? o.getAsInt() : null, indent);
    } else if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Character c) {
      string(b, c.toString());
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      object(b, m, indent);
    } else if (v instanceof List<?> l) {
      array(b, l, indent);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
  }

  private static void object(StringBuilder b, Map<?, ?> m, int indent) {
    if (m.isEmpty()) {
      b.append("{}");
      return;
    }
    b.append("{\n");
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      pad(b, indent + 1);
      string(b, e.getKey().toString());
      b.append(": ");
      append(b, e.getValue(), indent + 1);
      b.append(++i < m.size() ? ",\n" : "\n");
    }
    pad(b, indent);
    b.append('}');
  }

  private static void array(StringBuilder b, List<?> l, int indent) {
    if (l.isEmpty()) {
      b.append("[]");
      return;
    }
    b.append("[\n");
    for (int i = 0; i < l.size(); i++) {
      pad(b, indent + 1);
      append(b, l.get(i), indent + 1);
      b.append(i + 1 < l.size() ? ",\n" : "\n");
    }
    pad(b, indent);
    b.append(']');
  }

  private static void pad(StringBuilder b, int indent) {
    b.append("  ".repeat(indent));
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
