package io.github.livepatchexporter.realkernel;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.realkernel.Capture.Command;
import io.github.livepatchexporter.realkernel.KernelView.Blocker;
import java.util.List;
import java.util.Map;

/**
 * The log of one phase: what the kernel said, next to what our CLI printed in the guest and what
 * the exporter served to the host. Only the lines that tell the phase apart are shown; every file
 * is complete in target/real-kernel/.
 */
final class ScenarioLog {
  private ScenarioLog() {}

  static String render(Checkpoint cp) {
    StringBuilder b = new StringBuilder();
    b.append("── checkpoint ").append(cp.id).append(": ").append(cp.title).append('\n');
    KernelView k = cp.kernel;
    b.append("  kernel (/sys, /proc read by the guest's shell)\n");
    for (String l : k.lines()) {
      if (l.startsWith("patch ")
          || l.startsWith("transition ")
          || l.startsWith("module ")
          || l.startsWith("patch_state ")
          || l.startsWith("watch ")
          || l.startsWith("proc_cmdline ")) {
        b.append("    ").append(l).append('\n');
      }
    }
    for (Blocker t : k.blockers()) {
      b.append("    blocking pid ")
          .append(t.pid())
          .append(" tid ")
          .append(t.tid())
          .append(' ')
          .append(t.state())
          .append(" patch_state ")
          .append(t.patchState())
          .append(' ')
          .append(t.kernelThread() ? "kernel thread " : "")
          .append(t.display())
          .append(", top of stack: ")
          .append(t.stack().isEmpty() ? "-" : t.stack().get(0))
          .append('\n');
    }
    List<String> dmesg = k.dmesg();
    dmesg
        .subList(Math.max(0, dmesg.size() - 3), dmesg.size())
        .forEach(l -> b.append("    dmesg ").append(l).append('\n'));
    b.append("  CLI in the guest\n");
    for (Command c : cp.commands) {
      b.append("    $ ").append(c.line()).append("   (exit ").append(c.exit());
      b.append(", ").append(cp.seconds.get(c.line())).append(" s)\n");
      c.out().lines().forEach(l -> b.append("      ").append(l).append('\n'));
      c.err().lines().forEach(l -> b.append("      stderr: ").append(l).append('\n'));
    }
    b.append("  /metrics scraped from the host\n");
    Metrics m = new Metrics(cp.metrics);
    for (Map.Entry<String, Double> e : MetricsOracle.expected(k).entrySet()) {
      boolean interesting =
          e.getKey().startsWith("livepatch_transition_")
              || e.getKey().startsWith("livepatch_patch_")
              || e.getKey().startsWith("livepatch_module_")
              || e.getKey().startsWith("livepatch_sysfs_");
      Double actual = m.get(e.getKey()).orElse(null);
      boolean zeroThread =
          e.getKey().startsWith("livepatch_transition_blocking_threads")
              && e.getValue() == 0.0
              && Double.valueOf(0.0).equals(actual);
      if (interesting && !zeroThread) {
        b.append("    ")
            .append(e.getKey())
            .append(' ')
            .append(actual == null ? "(missing)" : actual);
        b.append('\n');
      }
    }
    return b.toString();
  }
}
