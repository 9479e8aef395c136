package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which processes {@code kgr poke} signals, in what order, and when it asks. Signals are recorded
 * here; {@code KillSignalsTest} and {@code CliIT} send real ones.
 */
class PokeTest {
  @TempDir Path tmp;

  private String[] args(String scenario, String... more) {
    Path root = Fixtures.copy(scenario, tmp);
    List<String> a = new ArrayList<>(Fixtures.rootArgs(root));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void stopsThenContinuesUserProcessesOnly() {
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR,
            true,
            CliRun.noTerminal(),
            signals,
            args("patching-stalled", "-n", "-v", "poke"));
    assertEquals(0, r.exit, r.err);
    assertEquals(List.of("STOP 845", "CONT 845", "STOP 900", "CONT 900"), signals.sent);
    assertEquals(
        "skipping 312 (kernel thread)\n"
            + "skipping 1200 (uninterruptible sleep (D))\n"
            + "sending 845 STOP/CONT\n"
            + "sending 900 STOP/CONT\n",
        r.out);
  }

  @Test
  void quietWithoutVerbose() {
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR, true, CliRun.noTerminal(), signals, args("patching-stalled", "-n", "poke"));
    assertEquals(0, r.exit);
    assertEquals("", r.out);
    assertEquals(4, signals.sent.size());
  }

  @Test
  void asksOnATerminalAndSendsNothingWhenDeclined() {
    List<String> questions = new ArrayList<>();
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR,
            true,
            CliRun.answering(false, questions),
            signals,
            args("patching-stalled", "poke"));
    assertEquals(1, r.exit);
    assertEquals(List.of("Send SIGSTOP and SIGCONT to 2 processes [845, 900]?"), questions);
    assertEquals(List.of(), signals.sent);
    assertEquals("kgr: poke: cancelled, no signal sent\n", r.err);
  }

  @Test
  void sendsWhenConfirmed() {
    List<String> questions = new ArrayList<>();
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR,
            true,
            CliRun.answering(true, questions),
            signals,
            args("patching-stalled", "poke"));
    assertEquals(0, r.exit, r.err);
    assertEquals(1, questions.size());
    assertEquals(4, signals.sent.size());
  }

  @Test
  void dryRunSendsNothing() {
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR,
            true,
            CliRun.noTerminal(),
            signals,
            args("patching-stalled", "poke", "--dry-run"));
    assertEquals(0, r.exit);
    assertEquals(List.of(), signals.sent);
    assertTrue(r.out.contains("would send 845 STOP/CONT\n"), r.out);
  }

  @Test
  void neverInitNorItself() throws Exception {
    Path root = Fixtures.copy("reversed-transition", tmp);
    // Make systemd (pid 1) and a task with this test's own pid block as well.
    Files.writeString(root.resolve("proc/1/task/1/patch_state"), "0\n");
    Path self = root.resolve("proc/999999/task/999999");
    Files.createDirectories(self);
    Files.writeString(self.resolve("patch_state"), "0\n");
    Files.writeString(self.resolve("comm"), "java\n");
    Files.writeString(self.resolve("stat"), "999999 (java) S 1 1 1 0 -1 4194560 0 0 0\n");
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR, false, CliRun.noTerminal(), signals, Fixtures.on(root, "-n", "-v", "poke"));
    assertEquals(List.of("STOP 845", "CONT 845"), signals.sent);
    assertTrue(r.out.contains("skipping 1 (init)\n"), r.out);
    assertTrue(r.out.contains("skipping 999999 (this process)\n"), r.out);
    assertEquals(PokeCommand.NOT_ROOT_POKE + "\n", r.err);
  }

  @Test
  void nothingToPokeWhenReady() {
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(Tool.KGR, true, CliRun.noTerminal(), signals, args("one-enabled", "-v", "poke"));
    assertEquals(0, r.exit);
    assertEquals("", r.out);
    assertEquals(List.of(), signals.sent);
  }

  @Test
  void kgraftMarkedProcesses() {
    CliRun.RecordingSignals signals = new CliRun.RecordingSignals();
    CliRun r =
        CliRun.run(
            Tool.KGR, true, CliRun.noTerminal(), signals, args("kgraft-legacy", "-n", "poke"));
    assertEquals(0, r.exit);
    assertEquals(List.of("STOP 700", "CONT 700", "STOP 920", "CONT 920"), signals.sent);
  }
}
