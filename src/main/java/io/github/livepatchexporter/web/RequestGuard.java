package io.github.livepatchexporter.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.livepatchexporter.log.Log;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Adds the configured headers; answers 431 for oversized headers, 400 for a protocol but HTTP/1.0
 * and 1.1 or an HTTP/1.1 request without Host, 404 for any path but the exact ones served, 405 for
 * methods but GET and HEAD, 503 when no slot of {@code --web.max-requests} frees in time; and turns
 * any exception into a plain 500 without details: the cause goes to the log, never to the client.
 */
final class RequestGuard extends Filter {
  /** More headers than any client needs; a request beyond it gets 431. */
  static final int MAX_HEADERS = 100;

  /** Total size of the request headers beyond which a request gets 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * Seconds a request beyond {@code --web.max-requests} waits for a slot before it gets 503:
   * Prometheus' default scrape timeout.
   */
  static final int SLOT_WAIT_SECONDS = 10;

  static final String PLAIN = "text/plain; charset=utf-8";

  /**
   * What answers one exact path, whether it counts against {@code --web.max-requests}, and the
   * values {@code collect[]} may take there (null: any).
   */
  record Route(HttpHandler handler, boolean counted, Set<String> collectors) {
    Route(HttpHandler handler, boolean counted) {
      this(handler, counted, null);
    }
  }

  /** Null when every {@code collect[]} of the query names one of {@code allowed}, else why not. */
  static String refusedCollectors(String rawQuery, Set<String> allowed) {
    if (rawQuery == null || allowed == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals("collect[]")
          && !allowed.contains(eq < 0 ? "" : decode(pair.substring(eq + 1)))) {
        return "collect[] names a collector that is not enabled (enabled: "
            + String.join(", ", new TreeSet<>(allowed))
            + ").\n";
      }
    }
    return null;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  private final Supplier<Map<String, String>> headers;
  private final Map<String, Route> routes;
  private final Semaphore serving;
  private final int maxRequests;
  private final Log log;

  RequestGuard(
      Supplier<Map<String, String>> headers,
      Map<String, Route> routes,
      Semaphore serving,
      int maxRequests,
      Log log) {
    this.headers = headers;
    this.routes = routes;
    this.serving = serving;
    this.maxRequests = maxRequests;
    this.log = log;
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    headers.get().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    int headerBytes = 0;
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      for (String v : h.getValue()) {
        headerBytes += h.getKey().length() + v.length() + 4;
      }
    }
    if (ex.getRequestHeaders().size() > MAX_HEADERS || headerBytes > MAX_HEADER_BYTES) {
      respond(ex, 431, PLAIN, "Request header fields too large.\n");
      return;
    }
    // Some JDK 17 updates answer these themselves, others pass them on: the answer is ours.
    String protocol = ex.getProtocol();
    if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
      respond(ex, 400, PLAIN, "Bad request: HTTP/1.0 and HTTP/1.1 only.\n");
      return;
    }
    if (protocol.equals("HTTP/1.1") && !ex.getRequestHeaders().containsKey("Host")) {
      // RFC 9112, section 3.2: a request of HTTP/1.1 without Host is answered with 400.
      respond(ex, 400, PLAIN, "Bad request: no Host header.\n");
      return;
    }
    String path = ex.getRequestURI().getPath();
    Route route = path == null ? null : routes.get(path);
    if (route == null) {
      respond(ex, 404, PLAIN, "Not found.\n");
      return;
    }
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(ex, 405, PLAIN, "Method not allowed.\n");
      return;
    }
    String refused = refusedCollectors(ex.getRequestURI().getRawQuery(), route.collectors());
    if (refused != null) {
      respond(ex, 400, PLAIN, refused);
      return;
    }
    Slot slot = Slot.NONE;
    if (route.counted() && serving != null) {
      if (!acquire(serving)) {
        respond(
            ex,
            503,
            PLAIN,
            "Limit of concurrent requests reached (" + maxRequests + "), try again later.\n");
        return;
      }
      slot = new Slot(serving);
      // The slot is the collection's, not the client's: it is given back when the response
      // starts, so a client that reads slowly holds only its own connection.
      ex.setStreams(null, slot.releasingOnWrite(ex.getResponseBody()));
    }
    try {
      chain.doFilter(ex);
    } catch (IOException e) {
      log.debug("request " + path + ": " + e);
      ex.close();
    } catch (RuntimeException e) {
      log.error("request " + path + " failed: " + e);
      try {
        respond(ex, 500, PLAIN, "Internal error; see the exporter's log.\n");
      } catch (IOException | RuntimeException ignored) {
        ex.close();
      }
    } finally {
      slot.release();
    }
  }

  /** A slot within {@link #SLOT_WAIT_SECONDS}: scrapes that come together share one read. */
  private static boolean acquire(Semaphore serving) {
    try {
      return serving.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String description() {
    return "headers, paths, methods, request limit and errors";
  }

  /** One of {@code --web.max-requests}, given back once. */
  private static class Slot {
    static final Slot NONE = new Slot(null);
    private final Semaphore of;
    private final AtomicBoolean held;

    Slot(Semaphore of) {
      this.of = of;
      this.held = new AtomicBoolean(of != null);
    }

    void release() {
      if (held.compareAndSet(true, false)) {
        of.release();
      }
    }

    OutputStream releasingOnWrite(OutputStream body) {
      return new FilterOutputStream(body) {
        @Override
        public void write(int b) throws IOException {
          release();
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          release();
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          release();
          out.flush();
        }

        @Override
        public void close() throws IOException {
          release();
          out.close();
        }
      };
    }
  }
}
