package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcParsersTest {
  private static final String TAIL = " 0".repeat(44) + "\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "user process      | 845 (cat) S 1 845 845 0 -1 4194560        | S | false",
        "kernel thread     | 312 (klp_sleeper) I 2 0 0 0 -1 2129984    | I | true",
        "comm with spaces  | 901 (GC Thread#0) S 1 900 900 0 -1 4194368 | S | false",
        "comm with parens  | 77 (a) (b)) D 1 77 77 0 -1 64             | D | false",
        "uninterruptible   | 1200 (dd) D 1 1200 1200 0 -1 4194304     | D | false",
        "flags near max    | 5 (x) R 1 5 5 0 -1 18446744073709551615   | R | true",
      })
  void stat(String name, String head, char state, boolean kernelThread) throws Exception {
    ProcParsers.Stat s = ProcParsers.parseStat(head + TAIL);
    assertEquals(state, s.state());
    assertEquals(kernelThread, s.kernelThread());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty                | ''",
        "no parens            | '845 cat S 1 845 845 0 -1 4194560'",
        "too few fields       | '845 (cat) S 1 845'",
        "state not a letter   | '845 (cat) 7 1 845 845 0 -1 4194560'",
        "state two letters    | '845 (cat) SS 1 845 845 0 -1 4194560'",
        "flags not numeric    | '845 (cat) S 1 845 845 0 -1 x'",
        "close before open    | '845 )cat( S 1 845 845 0 -1 4194560'",
      })
  void statRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> ProcParsers.parseStat(content));
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
    assertEquals(expected, ProcParsers.parsePatchState(content));
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
    assertThrows(KernelFormatException.class, () -> ProcParsers.parsePatchState(content));
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
      expected = Integer.toString(ProcParsers.parsePatchState(content));
    } catch (KernelFormatException e) {
      expected = e.getMessage();
    }
    String actual;
    try {
      actual = Integer.toString(ProcParsers.parsePatchState(buffer, bytes.length));
    } catch (KernelFormatException e) {
      actual = e.getMessage();
    }
    assertEquals(expected, actual);
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
    assertEquals(expected, ProcParsers.parseTainted(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"negative | '-1\n'", "text | 'K\n'", "empty | ''"})
  void taintedRejects(String name, String content) {
    assertThrows(KernelFormatException.class, () -> ProcParsers.parseTainted(content));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pid           | 845        | 845",
        "nine digits   | 999999999  | 999999999",
        "zero          | 0          | 0",
        "ten digits    | 1000000000 | -1",
        "self link     | self       | -1",
        "empty         | ''         | -1",
        "signed        | +1         | -1",
        "trailing dot  | 1.         | -1",
      })
  void id(String name, String dir, int expected) {
    assertEquals(expected, ProcParsers.parseId(dir));
  }

  /** cmdline arguments, split on NUL and joined with "|" for the table. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ',',
      value = {
        "kernel thread,   '',                   ''",
        "two arguments,   'cat\u0000/proc/x\u0000', 'cat|/proc/x'",
        "rewritten no NUL, 'a b',               'a b'",
        "empty argument,  'x\u0000\u0000y\u0000', 'x||y'",
      })
  void cmdline(String name, String content, String expected) {
    assertEquals(expected, String.join("|", ProcParsers.parseCmdline(content)));
  }

  /** stack frames joined with "|" for the table. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ',',
      value = {
        "empty,          '',                                          ''",
        "two frames,     '[<0>] a+0x1/0x2\n[<0>] b+0x3/0x4 [mod]\n\n', '[<0>] a+0x1/0x2|[<0>] b+0x3/0x4 [mod]'",
        "trailing blank, '[<0>] a+0x1/0x2  \n',                       '[<0>] a+0x1/0x2'",
      })
  void stack(String name, String content, String expected) {
    assertEquals(expected, String.join("|", ProcParsers.parseStack(content)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kworker    | 'kworker/0:1\n' | kworker/0:1",
        "empty      | ''              | ''",
        "no newline | cat             | cat",
      })
  void comm(String name, String content, String expected) {
    assertEquals(expected, ProcParsers.parseComm(content));
  }
}
