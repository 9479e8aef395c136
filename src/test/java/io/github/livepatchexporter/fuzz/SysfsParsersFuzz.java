package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.kernel.KernelFormatException;
import io.github.livepatchexporter.kernel.SysfsParsers;

/** Every one-value sysfs parser on the same inputs: only KernelFormatException may escape. */
class SysfsParsersFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parsers(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      boolean flag = SysfsParsers.parseFlag(s);
      if (!s.startsWith(flag ? "1" : "0")) {
        throw new AssertionError("flag " + flag + " from " + SysfsParsers.quote(s));
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsParsers.parseInt(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsParsers.parseLine(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    try {
      SysfsParsers.parseFunctionDir(s);
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    if (SysfsParsers.quote(s).length() > 32 * 4 + 5) {
      throw new AssertionError("quote too long");
    }
  }
}
