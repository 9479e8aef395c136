package io.github.livepatchexporter.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A log line is one logfmt or JSON line whatever the message holds. */
class LogTest {
  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("plain text", "plain text"),
        Arguments.of("a \"quoted\" \\ path", "a \\\"quoted\\\" \\\\ path"),
        Arguments.of("a\nfake line", "a\\nfake line"),
        Arguments.of("cr\r and tab\t", "cr\\r and tab\\t"),
        Arguments.of("\u001b[2J escape", "\\u001b[2J escape"),
        Arguments.of("C1 \u009b and bidi \u202e", "C1 \\u009b and bidi \\u202e"),
        Arguments.of("käse 日本語", "käse 日本語"),
        Arguments.of("private use \udb80\udc00", "private use \\U000f0000"));
  }

  /**
   * With --log.format json each line is one JSON object whose msg is the message itself, read back
   * by a real parser (snakeyaml reads JSON), whatever the message holds.
   */
  @ParameterizedTest
  @MethodSource("messages")
  void jsonLinesReadBackAsTheMessage(String message, String ignored) {
    StringWriter out = new StringWriter();
    new Log(new PrintWriter(out, true), Log.Level.info, Log.Format.json).warn(message);
    String line = out.toString();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("{\"ts\":\""), line);
    Map<?, ?> doc = new org.yaml.snakeyaml.Yaml().load(line);
    assertEquals(Set.of("ts", "level", "msg"), doc.keySet(), line);
    assertEquals("warn", doc.get("level"));
    assertEquals(message, doc.get("msg"), line);
    Instant.parse((String) doc.get("ts"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void messagesAreEscapedAsLogfmtValues(String message, String escaped) {
    StringWriter out = new StringWriter();
    new Log(new PrintWriter(out, true), Log.Level.info).warn(message);
    String line = out.toString();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.endsWith(" level=warn msg=\"" + escaped + "\"" + System.lineSeparator()), line);
  }
}
