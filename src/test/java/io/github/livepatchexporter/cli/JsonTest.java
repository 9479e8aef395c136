package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain          | abc         | '\"abc\"\n'",
        "quote          | a\"b        | '\"a\\\"b\"\n'",
        "backslash      | a\\b        | '\"a\\\\b\"\n'",
        "newline        | 'a\nb'      | '\"a\\nb\"\n'",
        "tab            | 'a\tb'      | '\"a\\tb\"\n'",
        "control        | '\u0001'    | '\"\\u0001\"\n'",
        "delete         | '\u007f'    | '\"\\u007f\"\n'",
        "unicode        | 'ü€'        | '\"ü€\"\n'",
        "lone surrogate | '\ud800'    | '\"\\ud800\"\n'",
      })
  void strings(String name, String value, String json) {
    assertEquals(json, Json.write(value));
  }

  @Test
  void structures() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", Arrays.asList(true, null, Optional.empty(), OptionalInt.of(3)));
    m.put("e", List.of());
    m.put("o", Map.of());
    assertEquals(
        "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    null,\n    3\n  ],\n"
            + "  \"e\": [],\n  \"o\": {}\n}\n",
        Json.write(m));
  }

  @Test
  void rejectsOtherTypes() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
  }
}
