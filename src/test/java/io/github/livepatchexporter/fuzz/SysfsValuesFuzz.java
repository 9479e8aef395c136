package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.kernel.KernelFormatException;
import io.github.livepatchexporter.kernel.SysfsValues;
import java.nio.charset.StandardCharsets;

/** Every one-value sysfs parser on the same inputs: only KernelFormatException may escape. */
class SysfsValuesFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parsers(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      boolean flag = SysfsValues.parseFlag(s);
      if (!s.startsWith(flag ? "1" : "0")) {
        throw new AssertionError("flag " + flag + " from " + SysfsValues.quote(s));
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsValues.parseInt(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    String fromString;
    try {
      int state = SysfsValues.parsePatchState(s);
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
        fromBytes = Integer.toString(SysfsValues.parsePatchState(bytes, bytes.length));
      } catch (KernelFormatException expected) {
        fromBytes = expected.getMessage();
      }
      if (!fromBytes.equals(fromString)) {
        throw new AssertionError(fromBytes + " from bytes, " + fromString + " from " + s);
      }
    }
    try {
      if (SysfsValues.parseTainted(s) < 0) {
        throw new AssertionError("negative taint");
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsValues.parseLine(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsValues.parseFunctionDir(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    if (SysfsValues.quote(s).length() > 32 * 4 + 5) {
      throw new AssertionError("quote too long");
    }
  }
}
