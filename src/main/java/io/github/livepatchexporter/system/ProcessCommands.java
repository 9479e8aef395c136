package io.github.livepatchexporter.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Real processes. The environment is reduced to what rpm and zypper need, with the C locale, so
 * their output can be parsed; stdin is empty, so nothing can wait for an answer.
 */
public final class ProcessCommands implements Commands {
  @Override
  public Result run(List<String> argv, Duration timeout) throws CommandException {
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    env.keySet().retainAll(List.of("PATH", "HOME", "TMPDIR"));
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CommandException("cannot run " + argv.get(0) + ": " + e.getMessage(), true);
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new CommandException(
            argv.get(0) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (IOException | ExecutionException e) {
      throw new CommandException(argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CommandException(argv.get(0) + ": interrupted");
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
