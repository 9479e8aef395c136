package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.model.PatchedFunction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SysfsValuesTest {

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
    assertEquals(expected, SysfsValues.parseFlag(content));
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
        assertThrows(KernelFormatException.class, () -> SysfsValues.parseFlag(content));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "undefined | '-1\n' | -1",
        "unpatched | '0\n'  | 0",
        "patched   | '1\n'  | 1",
      })
  void patchState(String name, String content, int expected) throws Exception {
    assertEquals(expected, SysfsValues.parsePatchState(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "two          | '2\n'",
        "minus two    | '-2\n'",
        "empty        | ''",
        "text         | 'x\n'",
        "huge         | '99999999999999999999\n'",
      })
  void patchStateRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsValues.parsePatchState(content));
  }

  /** The walk's parser of a read buffer decides as the string parser does, fast path or not. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "undefined          | '-1\n'",
        "unpatched          | '0\n'",
        "patched            | '1\n'",
        "no newline         | '1'",
        "no newline, -1     | '-1'",
        "two                | '2\n'",
        "ten                | '10\n'",
        "minus zero         | '-0\n'",
        "newline first      | '\n1'",
        "empty              | ''",
        "two lines          | '1\n\n'",
        "text               | 'x\n'",
      })
  void patchStateFromABuffer(String name, String content) throws Exception {
    byte[] buffer = new byte[64];
    byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    // What lies past the length read must not matter.
    Arrays.fill(buffer, bytes.length, buffer.length, (byte) '7');
    String expected;
    try {
      expected = Integer.toString(SysfsValues.parsePatchState(content));
    } catch (KernelFormatException e) {
      expected = e.getMessage();
    }
    String actual;
    try {
      actual = Integer.toString(SysfsValues.parsePatchState(buffer, bytes.length));
    } catch (KernelFormatException e) {
      actual = e.getMessage();
    }
    assertEquals(expected, actual);
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
    assertEquals(expected, SysfsValues.parseInt(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"overflow | '2147483648\n'", "float | '1.5\n'", "hex | '0x10\n'", "empty | ''"})
  void integerRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsValues.parseInt(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "untainted         | '0\n'                   | 0",
        "livepatched       | '45056\n'               | 45056",
        "all bits          | '9223372036854775807\n' | 9223372036854775807",
      })
  void tainted(String name, String content, long expected) throws Exception {
    assertEquals(expected, SysfsValues.parseTainted(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"negative | '-1\n'", "text | 'K\n'", "empty | ''"})
  void taintedRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsValues.parseTainted(content));
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
    assertEquals(new PatchedFunction(function, sympos), SysfsValues.parseFunctionDir(dir));
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
    assertThrows(KernelFormatException.class, () -> SysfsValues.parseFunctionDir(dir));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"two lines | 'a\nb\n'", "nul | 'a\u0000b'"})
  void lineRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> SysfsValues.parseLine(content));
  }

  @org.junit.jupiter.api.Test
  void quoteCutsLongValues() {
    String q = SysfsValues.quote("x".repeat(100));
    assertTrue(q.endsWith("...\""), q);
    assertEquals(32 + 5, q.length());
  }
}
