package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one way tests run a real server program (Prometheus, Alertmanager, node_exporter): on a
 * loopback port chosen now, ready once a path of it answers 200 before a deadline, its output in a
 * log for failure messages; closing it kills it and its children and reaps them.
 */
public final class LocalServer implements AutoCloseable {
  private final String name;
  private final Child child;
  public final int port;

  private LocalServer(String name, Child child, int port) {
    this.name = name;
    this.child = child;
    this.port = port;
  }

  /**
   * Starts {@code command} (given the port) logging to {@code log}, and waits until {@code
   * readyPath} answers 200; a server that exits or is not ready by {@code deadline} fails with
   * {@code hint} and its log.
   */
  public static LocalServer start(
      String name,
      IntFunction<List<String>> command,
      Path log,
      String readyPath,
      Duration deadline,
      String hint)
      throws IOException, InterruptedException {
    int port = freePort();
    LocalServer s = new LocalServer(name, Command.of(command.apply(port)).start(log), port);
    Http http = new Http();
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      try {
        if (http.get(s.url(readyPath)).statusCode() == 200) {
          return s;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!s.child.isAlive() || System.nanoTime() > end) {
        s.close();
        throw new AssertionError(
            name
                + (s.child.isAlive()
                    ? " was not ready within " + deadline.toSeconds() + " s"
                    : " exited")
                + hint
                + ":\n"
                + s.log());
      }
      Thread.sleep(100);
    }
  }

  /** A port on 127.0.0.1 that nothing listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String url(String path) {
    return "http://" + target() + path;
  }

  /** host:port, as a scrape or alerting configuration names it. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return child.log();
  }

  @Override
  public void close() {
    child.close();
  }

  @Override
  public String toString() {
    return name + " on " + target();
  }
}
