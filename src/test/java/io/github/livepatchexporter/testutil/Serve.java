package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/livepatch-exporter serve} as a user runs it: its process, its log so far, and the URL
 * it logged.
 */
public final class Serve implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("listening on (https?)://([^/]+)(/\\S*)\"");

  private final Child child;
  private final Path logFile;
  public final Process process;
  private int seen;
  private String url;

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
    logFile = Files.createTempFile("serve", ".log");
    child = Command.of(cmd).env(env).start(logFile);
    process = child.process;
  }

  /** The metrics URL of the last {@link #awaitListening}. */
  public String url() {
    return url;
  }

  /** Waits for the next "listening on" line and returns the metrics URL it names. */
  public String awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      boolean alive = process.isAlive();
      List<String> lines = completeLines();
      while (seen < lines.size()) {
        Matcher m = LISTENING.matcher(lines.get(seen++));
        if (m.find()) {
          url = m.group(1) + "://" + m.group(2) + m.group(3);
          return url;
        }
      }
      if (!alive) {
        throw new AssertionError("serve exited " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not log its address:\n" + output());
  }

  private List<String> completeLines() throws IOException {
    String log = child.log();
    return log.substring(0, log.lastIndexOf('\n') + 1).lines().toList();
  }

  /** Everything it has logged so far; once it has exited, to its last line. */
  public String output() throws IOException {
    String log = child.log();
    return log.endsWith("\n") ? log.substring(0, log.length() - 1) : log;
  }

  @Override
  public void close() throws IOException {
    child.close();
    Files.deleteIfExists(logFile);
  }
}
