package io.github.livepatchexporter.system;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Child;
import io.github.livepatchexporter.testutil.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real signals to a real process: the seam the poke tests record is proven here. */
class KillSignalsTest {
  @TempDir Path tmp;

  @Test
  void stopAndContinueReachTheProcess() throws Exception {
    Path log = tmp.resolve("log");
    Path ready = tmp.resolve("ready");
    // The shell records SIGCONT; SIGSTOP cannot be caught, so the stop shows in /proc instead.
    try (Child p =
        Command.of(
                "bash",
                "-c",
                "trap 'echo CONT >> \"$1\"' CONT; touch \"$2\"; while :; do sleep 0.05; done",
                "sh",
                log.toString(),
                ready.toString())
            .start(tmp.resolve("shell.log"))) {
      waitFor(() -> Files.exists(ready));
      KillSignals signals = new KillSignals();
      signals.send(p.pid(), "STOP");
      waitFor(() -> stateOf(p.pid()) == 'T');
      signals.send(p.pid(), "CONT");
      waitFor(() -> Files.exists(log) && Files.readString(log).contains("CONT"));
      assertTrue(stateOf(p.pid()) != 'T', "running again");
    }
  }

  @Test
  void aVanishedProcessIsReported() throws Exception {
    Child p = Command.of("true").start(tmp.resolve("true.log"));
    p.await(Duration.ofSeconds(10));
    Signals.SignalException e =
        assertThrows(Signals.SignalException.class, () -> new KillSignals().send(p.pid(), "CONT"));
    assertTrue(e.getMessage().toLowerCase().contains("no such process"), e.getMessage());
  }

  @Test
  void onlyStopAndContinue() {
    for (String bad : List.of("KILL", "TERM", "9")) {
      assertThrows(Signals.SignalException.class, () -> new KillSignals().send(12345, bad));
    }
    assertThrows(Signals.SignalException.class, () -> new KillSignals().send(1, "STOP"));
  }

  @Test
  void aMissingKillBinaryIsReported() {
    Signals.SignalException e =
        assertThrows(
            Signals.SignalException.class,
            () -> new KillSignals(tmp.resolve("no-kill").toString()).send(12345, "STOP"));
    assertTrue(e.getMessage().startsWith("cannot run "), e.getMessage());
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }

  private static char stateOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }
}
