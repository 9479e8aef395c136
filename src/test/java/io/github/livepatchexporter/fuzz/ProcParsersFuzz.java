package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.kernel.KernelFormatException;
import io.github.livepatchexporter.kernel.ProcParsers;
import java.nio.charset.StandardCharsets;

/**
 * patch_state, tainted, stat, cmdline, comm and stack parsers on the same inputs: only
 * KernelFormatException may escape.
 */
class ProcParsersFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parsers(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    String fromString;
    try {
      int state = ProcParsers.parsePatchState(s);
      if (state < -1 || state > 1) {
        throw new AssertionError("patch_state " + state);
      }
      fromString = Integer.toString(state);
    } catch (KernelFormatException expected) {
      fromString = expected.getMessage();
    }
    // The walk reads bytes: its parser must decide as the string parser does on the same bytes.
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    String readBack = new String(bytes, StandardCharsets.ISO_8859_1);
    if (readBack.equals(s)) {
      String fromBytes;
      try {
        fromBytes = Integer.toString(ProcParsers.parsePatchState(bytes, bytes.length));
      } catch (KernelFormatException expected) {
        fromBytes = expected.getMessage();
      }
      if (!fromBytes.equals(fromString)) {
        throw new AssertionError(fromBytes + " from bytes, " + fromString + " from " + s);
      }
    }
    try {
      if (ProcParsers.parseTainted(s) < 0) {
        throw new AssertionError("negative taint");
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      ProcParsers.Stat stat = ProcParsers.parseStat(s);
      if (!Character.isLetter(stat.state())) {
        throw new AssertionError("state " + stat.state());
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    ProcParsers.parseCmdline(s);
    ProcParsers.parseComm(s);
    for (String line : ProcParsers.parseStack(s)) {
      if (line.isBlank() || line.contains("\n")) {
        throw new AssertionError("stack line " + line);
      }
    }
  }
}
