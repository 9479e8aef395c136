package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcTaskFilesTest {
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
    ProcTaskFiles.Stat s = ProcTaskFiles.parseStat(head + TAIL);
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
    assertThrows(KernelFormatException.class, () -> ProcTaskFiles.parseStat(content));
  }

  @Test
  void cmdline() {
    assertEquals(List.of(), ProcTaskFiles.parseCmdline(""));
    assertEquals(List.of("cat", "/proc/x"), ProcTaskFiles.parseCmdline("cat\0/proc/x\0"));
    assertEquals(List.of("a b"), ProcTaskFiles.parseCmdline("a b"), "rewritten, no NUL");
    assertEquals(List.of("x", "", "y"), ProcTaskFiles.parseCmdline("x\0\0y\0"), "empty argument");
  }

  @Test
  void stack() {
    assertEquals(
        List.of("[<0>] a+0x1/0x2", "[<0>] b+0x3/0x4 [mod]"),
        ProcTaskFiles.parseStack("[<0>] a+0x1/0x2\n[<0>] b+0x3/0x4 [mod]\n\n"));
    assertEquals(List.of(), ProcTaskFiles.parseStack(""));
  }

  @Test
  void comm() {
    assertEquals("kworker/0:1", ProcTaskFiles.parseComm("kworker/0:1\n"));
    assertEquals("", ProcTaskFiles.parseComm(""));
  }
}
