package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.model.PatchedFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SysfsParsersTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "zero with newline  | '0\n' | false",
        "one with newline   | '1\n' | true",
        "zero bare          | 0     | false",
        "one bare           | 1     | true",
      })
  void flag(String name, String content, boolean expected) throws Exception {
    assertEquals(expected, SysfsParsers.parseFlag(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty             | ''        | expected 0 or 1, got \"\"",
        "two               | '2\n'     | expected 0 or 1, got \"2\"",
        "word              | 'Y\n'     | expected 0 or 1, got \"Y\"",
        "two newlines      | '1\n\n'   | expected 0 or 1, got \"1\\n\"",
        "leading blank     | ' 1\n'    | expected 0 or 1, got \" 1\"",
        "binary            | '\u0001'  | expected 0 or 1, got \"\\x01\"",
      })
  void flagRejects(String name, String content, String message) {
    KernelFormatException e =
        assertThrows(KernelFormatException.class, () -> SysfsParsers.parseFlag(content));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "zero      | '0\n'          | 0",
        "negative  | '-5\n'         | -5",
        "max       | '2147483647\n' | 2147483647",
      })
  void integer(String name, String content, int expected) throws Exception {
    assertEquals(expected, SysfsParsers.parseInt(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"overflow | '2147483648\n'", "float | '1.5\n'", "hex | '0x10\n'", "empty | ''"})
  void integerRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsParsers.parseInt(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unique symbol    | meminfo_proc_show,0  | meminfo_proc_show  | 0",
        "second instance  | cmdline_proc_show,2  | cmdline_proc_show  | 2",
        "dotted name      | foo.isra.0,1         | foo.isra.0         | 1",
        "comma in name    | a,b,3                | a,b                | 3",
      })
  void functionDir(String name, String dir, String function, int sympos) throws Exception {
    assertEquals(new PatchedFunction(function, sympos), SysfsParsers.parseFunctionDir(dir));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no comma       | meminfo_proc_show",
        "no sympos      | meminfo_proc_show,",
        "no name        | ',1'",
        "text sympos    | meminfo_proc_show,x",
        "negative       | meminfo_proc_show,-1",
      })
  void functionDirRejects(String name, String dir) {
    assertThrows(KernelFormatException.class, () -> SysfsParsers.parseFunctionDir(dir));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "release with newline | '6.12.9-default\n' | 6.12.9-default",
        "taint of a patch     | 'OEK\n'            | OEK",
        "no newline           | 1.0                | 1.0",
        "empty                | ''                 | ''",
      })
  void line(String name, String content, String expected) throws Exception {
    assertEquals(expected, SysfsParsers.parseLine(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"two lines | 'a\nb\n'", "nul | 'a\u0000b'"})
  void lineRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsParsers.parseLine(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain        | abc           | '\"abc\"'",
        "newline      | 'a\n'         | '\"a\\n\"'",
        "control      | '\u0001'      | '\"\\x01\"'",
        "quote inside | 'a\"b'        | '\"a\\\"b\"'",
      })
  void quote(String name, String value, String expected) {
    assertEquals(expected, SysfsParsers.quote(value));
  }

  @Test
  void quoteCutsLongValues() {
    String q = SysfsParsers.quote("x".repeat(100));
    assertTrue(q.endsWith("...\""), q);
    assertEquals(32 + 5, q.length());
  }
}
