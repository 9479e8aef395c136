package io.github.livepatchexporter.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends signals with {@code kill(1)}: the JDK can only send SIGTERM and SIGKILL to other processes,
 * and {@code poke} needs SIGSTOP and SIGCONT.
 */
public final class KillSignals implements Signals {
  private static final List<String> ALLOWED = List.of("STOP", "CONT");
  private final String kill;

  public KillSignals() {
    this("kill");
  }

  /** For a test that proves a missing binary is reported: the command to run instead of kill. */
  public KillSignals(String kill) {
    this.kill = kill;
  }

  @Override
  public void send(long pid, String signal) throws SignalException {
    if (!ALLOWED.contains(signal) || pid <= 1) {
      throw new SignalException("refusing to send SIG" + signal + " to " + pid);
    }
    ProcessBuilder pb = new ProcessBuilder(kill, "-s", signal, Long.toString(pid));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SignalException(kill + " did not finish within 10 s");
      }
      if (p.exitValue() != 0) {
        String line =
            output.isEmpty() ? "exit status " + p.exitValue() : output.lines().findFirst().get();
        throw new SignalException(line);
      }
    } catch (IOException e) {
      throw new SignalException("cannot run " + kill + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignalException("interrupted");
    }
  }
}
