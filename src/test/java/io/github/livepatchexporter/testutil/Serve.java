package io.github.livepatchexporter.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/livepatch-exporter serve} as a user runs it: its process, its log lines so far, and
 * the URL it logged.
 */
public final class Serve implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("listening on (https?)://([^/]+)(/\\S*)\"");

  public final Process process;
  private final List<String> log = new ArrayList<>();
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  public Serve(String... args) throws IOException {
    this(Map.of(), args);
  }

  /** With {@code env} added to the environment, as a service manager would set it. */
  public Serve(Map<String, String> env, String... args) throws IOException {
    this(List.of(), env, args);
  }

  /** Started through {@code prefix}, for example {@code setpriv} to run it as another user. */
  public Serve(List<String> prefix, String... args) throws IOException {
    this(prefix, Map.of(), args);
  }

  private Serve(List<String> prefix, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Project.dir().resolve("bin/livepatch-exporter").toString());
    cmd.add("serve");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    process = pb.start();
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended and its output was closed
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  private String url;

  /** The metrics URL of the last {@link #awaitListening}. */
  public String url() {
    return url;
  }

  /** Waits for the next "listening on" line and returns the metrics URL it names. */
  public String awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        log.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url = m.group(1) + "://" + m.group(2) + m.group(3);
          return url;
        }
      }
      if (!process.isAlive()) {
        lines.drainTo(log);
        throw new AssertionError(
            "serve exited " + process.exitValue() + ":\n" + String.join("\n", log));
      }
    }
    throw new AssertionError("serve did not log its address:\n" + String.join("\n", log));
  }

  /** Everything it has logged so far; once it has exited, to its last line. */
  public String output() throws InterruptedException {
    if (!process.isAlive()) {
      reader.join(TimeUnit.SECONDS.toMillis(5));
    }
    lines.drainTo(log);
    return String.join("\n", log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
