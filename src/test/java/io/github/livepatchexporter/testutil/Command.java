package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests run a real program: its output goes to files, so a child that fills one stream
 * never blocks on it; stdin is empty unless given; a program still running at the time limit is
 * killed with its children and the failure names it. By default it runs in the project directory
 * for at most a minute.
 */
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

  private final List<String> args;
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path dir = Project.dir();
  private Duration limit = Duration.ofMinutes(1);
  private String stdin = "";

  private Command(List<String> args) {
    this.args = List.copyOf(args);
  }

  public static Command of(List<String> args) {
    return new Command(args);
  }

  public static Command of(String... args) {
    return new Command(List.of(args));
  }

  /** Adds {@code env} to the environment this JVM passes on. */
  public Command env(Map<String, String> env) {
    this.env.putAll(env);
    return this;
  }

  public Command dir(Path dir) {
    this.dir = dir;
    return this;
  }

  public Command timeout(Duration limit) {
    this.limit = limit;
    return this;
  }

  public Command stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** The command line, for messages. */
  public String describe() {
    return String.join(" ", args);
  }

  public static Result run(List<String> args) throws IOException, InterruptedException {
    return of(args).run();
  }

  public static Result run(List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    return of(args).env(env).run();
  }

  public static Result run(List<String> args, Map<String, String> env, Duration limit)
      throws IOException, InterruptedException {
    return of(args).env(env).timeout(limit).run();
  }

  /** Runs the program to its end, or fails naming it once the time limit has passed. */
  public Result run() throws IOException, InterruptedException {
    Path in = Files.createTempFile("command", ".in");
    Path out = Files.createTempFile("command", ".out");
    Path err = Files.createTempFile("command", ".err");
    try {
      Files.writeString(in, stdin, StandardCharsets.UTF_8);
      Process p =
          builder()
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        Child.kill(p);
        throw new AssertionError(
            describe()
                + " did not finish within "
                + limit.toSeconds()
                + " s and was killed with its children\nstdout:\n"
                + Files.readString(out, StandardCharsets.UTF_8)
                + "\nstderr:\n"
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Starts the program in the background, stdin empty, stdout and stderr together in {@code log};
   * the time limit does not apply.
   */
  public Child start(Path log) throws IOException {
    Process p =
        builder()
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Child(describe(), p, log);
  }

  private ProcessBuilder builder() {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(args)).directory(dir.toFile());
    pb.environment().putAll(env);
    return pb;
  }
}
