package io.github.livepatchexporter.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Alertmanager's webhook receiver: a JDK HTTP server on a loopback port that keeps every
 * notification posted to it, with the path it was posted to (one path per Alertmanager receiver).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One POST: its path and its JSON body. */
  public record Notification(String path, Map<String, Object> body) {
    public String status() {
      return String.valueOf(body.get("status"));
    }

    public List<Map<String, Object>> alerts() {
      return YamlTree.maps(body.get("alerts"));
    }
  }

  private final HttpServer server;
  private final LinkedBlockingQueue<Notification> queue = new LinkedBlockingQueue<>();

  /** What {@link #await} has taken from the queue; only the test's thread touches it. */
  private final List<Notification> seen = new ArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      queue.add(new Notification(ex.getRequestURI().getPath(), YamlTree.map(YamlTree.parse(body))));
      ex.sendResponseHeaders(200, -1);
    }
  }

  /** The URL of one receiver's path. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Waits for a notification that {@code matches}, failing with all received after timeout. */
  public Notification await(Predicate<Notification> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Notification n : seen) {
      if (matches.test(n)) {
        return n;
      }
    }
    while (System.nanoTime() < deadline) {
      Notification n = queue.poll(100, TimeUnit.MILLISECONDS);
      if (n != null) {
        seen.add(n);
        if (matches.test(n)) {
          return n;
        }
      }
    }
    throw new AssertionError("no matching notification within " + timeout + "; received: " + seen);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
