package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.kernel.KernelFormatException;
import io.github.livepatchexporter.kernel.SysfsValues;

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
    try {
      int state = SysfsValues.parsePatchState(s);
      if (state < -1 || state > 1) {
        throw new AssertionError("patch_state " + state);
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
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
