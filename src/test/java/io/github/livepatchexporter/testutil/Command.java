package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program to completion, its output captured in files so that it never blocks. */
public final class Command {
  /** Exit code and the two output streams of a finished program. */
  public record Result(int exit, String out, String err) {
    public String both() {
      return out + err;
    }

    /** Both streams of a program that had to succeed; otherwise a failure that shows them. */
    public String ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ":\n" + both());
      }
      return both();
    }
  }

  private Command() {}

  public static Result run(List<String> args) throws IOException, InterruptedException {
    return run(args, Map.of());
  }

  /** Runs {@code args} in the project directory with {@code env} added, for at most a minute. */
  public static Result run(List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(args, env, Duration.ofMinutes(1));
  }

  /**
   * Runs {@code args} in the project directory with {@code env} added, for at most {@code limit}.
   */
  public static Result run(List<String> args, Map<String, String> env, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("command", ".out");
    Path err = Files.createTempFile("command", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(args)
              .directory(Project.dir().toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(args + " did not finish within " + limit.toSeconds() + " s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
