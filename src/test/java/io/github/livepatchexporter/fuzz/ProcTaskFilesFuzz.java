package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.kernel.KernelFormatException;
import io.github.livepatchexporter.kernel.ProcTaskFiles;

/** stat, cmdline, comm and stack parsers: only KernelFormatException (stat) may escape. */
class ProcTaskFilesFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parsers(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    try {
      ProcTaskFiles.Stat stat = ProcTaskFiles.parseStat(s);
      if (!Character.isLetter(stat.state())) {
        throw new AssertionError("state " + stat.state());
      }
    } catch (KernelFormatException expected) {
      // the documented parse error
    }
    ProcTaskFiles.parseCmdline(s);
    ProcTaskFiles.parseComm(s);
    for (String line : ProcTaskFiles.parseStack(s)) {
      if (line.isBlank() || line.contains("\n")) {
        throw new AssertionError("stack line " + line);
      }
    }
  }
}
