package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A program {@link Command#start started} in the background, its output in a log file; closing it
 * kills it and every process it started, and waits until they are gone.
 */
public final class Child implements AutoCloseable {
  private final String name;
  public final Process process;
  private final Path log;

  Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything it has written so far. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  public Path logFile() {
    return log;
  }

  /** Its exit code once it ends by itself, or a failure naming it and showing its log. */
  public int await(Duration limit) throws IOException, InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          name + " did not finish within " + limit.toSeconds() + " s:\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    kill(process);
  }

  /** SIGKILL to {@code p} and its descendants, and waits for {@code p} to be reaped. */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("process " + p.pid() + " still there 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
