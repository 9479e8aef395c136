package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow, idle and hostile clients, and failures injected into every collector. */
class HostileClientsIT {
  @TempDir Path tmp;

  @Test
  void idleHalfOpenConnectionsDoNotStopAScrape() throws Exception {
    try (TestServer s =
        TestServer.of(Fixtures.roots(Fixtures.copy("patching-stalled", tmp))).start()) {
      int port = s.server.addresses().get(0).getPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        long start = System.nanoTime();
        HttpResponse<String> r = new Http().get(s.url("/metrics"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            "hostile clients: scrape with 200 idle connections open took %d ms%n", ms);
        assertEquals(200, r.statusCode());
        assertTrue(ms < 2000, "within 2 s: " + ms + " ms");
      } finally {
        for (Socket x : idle) {
          x.close();
        }
      }
    }
  }

  @Test
  void hostileRequestsGet4xx() throws Exception {
    try (TestServer s = TestServer.of(Fixtures.roots(Fixtures.copy("one-enabled", tmp))).start()) {
      int port = s.server.addresses().get(0).getPort();
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "FOO")) {
        String status =
            raw(
                port,
                method
                    + " /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertTrue(status.matches("HTTP/1\\.1 4\\d\\d .*"), method + ": " + status);
      }
      assertTrue(
          raw(port, "GET /no/such/path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .startsWith("HTTP/1.1 404"));
      StringBuilder many = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
      for (int i = 0; i < 1000; i++) {
        many.append("X-Filler-").append(i).append(": ").append("y".repeat(100)).append("\r\n");
      }
      String tooMany = raw(port, many.append("Connection: close\r\n\r\n").toString());
      assertTrue(tooMany.matches("HTTP/1\\.1 4\\d\\d .*"), "1000 headers: " + tooMany);
      String huge =
          raw(
              port,
              "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Huge: "
                  + "z".repeat(1 << 20)
                  + "\r\nConnection: close\r\n\r\n");
      assertTrue(
          huge.isEmpty() || huge.matches("HTTP/1\\.1 4\\d\\d .*"), "a 1 MiB header: " + huge);
      String bad = raw(port, "GARBAGE\r\n\r\n");
      assertTrue(
          bad.isEmpty() || bad.matches("HTTP/1\\.1 4\\d\\d .*"),
          "a malformed request line: " + bad);
      assertEquals(200, new Http().get(s.url("/metrics")).statusCode(), "still serving");
    }
  }

  /**
   * A hostile request, the status it must get (0: 400, or closed unanswered; -1: 400, 404 or
   * closed), and whether the JDK server may answer it itself (some JDK 17 updates do, others pass
   * it to us).
   */
  record Hostile(String name, String request, int status, boolean byJdk) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Hostile ours(String name, String requestLine, int status) {
    return new Hostile(
        name, requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n", status, false);
  }

  static Hostile jdk(String name, String request) {
    return new Hostile(name, request, 400, true);
  }

  /**
   * Only the exact paths answer, as in node_exporter; no answer names a Java class or echoes the
   * request. The JDK server rejects some requests before any handler of ours runs, with a page of
   * its own (sun.net.httpserver.ServerImpl.Exchange#reject): those must still be 400 and echo
   * nothing, and the text it writes is listed here so that a new one is noticed.
   */
  static final List<Hostile> HOSTILE =
      List.of(
          ours(
              "dot segments after the metrics path", "GET /metrics/../../etc/passwd HTTP/1.1", 404),
          ours("a path under the metrics path", "GET /metrics/anything HTTP/1.1", 404),
          ours("the metrics path with a slash", "GET /metrics/ HTTP/1.1", 404),
          ours("the metrics path as a prefix", "GET /metricsfoo HTTP/1.1", 404),
          ours("a path under a health path", "GET /-/healthy/x HTTP/1.1", 404),
          ours("a health path as a prefix", "GET /-/readyz HTTP/1.1", 404),
          ours("encoded dot segments", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", 404),
          ours("an encoded NUL", "GET /metrics%00 HTTP/1.1", 404),
          ours("an asterisk", "OPTIONS * HTTP/1.1", 404),
          ours("an encoded script in the path", "GET /%3Cscript%3E HTTP/1.1", 404),
          ours("POST to metrics", "POST /metrics HTTP/1.1", 405),
          ours("a query string", "GET /metrics?name[]=x&y HTTP/1.1", 200),
          ours("the absolute form", "GET http://x/metrics HTTP/1.1", 200),
          ours("an encoded metrics path", "GET /%6detrics HTTP/1.1", 200),
          jdk("a backslash path", "GET \\metrics HTTP/1.1\r\nHost: x\r\n\r\n"),
          jdk("a script in the path", "GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n"),
          jdk("a raw NUL", "GET /met\0rics HTTP/1.1\r\nHost: x\r\n\r\n"),
          jdk("a bad percent escape", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
          jdk(
              "an oversized Content-Length",
              "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"),
          // JDK 17.0.15 answers 400 URISyntaxException thrown; 17.0.21 closes the connection.
          // 17.0.21 answers the last two itself; 17.0.15 passes them on and we answer 400.
          new Hostile("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n", 0, true),
          // 17.0.15 finds no context for "*" and answers 404 itself.
          new Hostile("an HTTP/2 preface (h2load)", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", -1, true),
          jdk("no Host header", "GET /metrics HTTP/1.1\r\n\r\n"));

  /** What the JDK's own 400 pages say, as of JDK 17.0.15 to 17.0.21 and 25. */
  static final java.util.regex.Pattern JDK_PAGE =
      java.util.regex.Pattern.compile(
          "<h1>400 Bad Request</h1>(Bad request URI|Bad request line|Missing Host header|Invalid character in request header"
              + "|URISyntaxException thrown|NumberFormatException thrown)"
              + "|<h1>404 Not Found</h1>No context found for request");

  static final java.util.regex.Pattern JAVA_NAME =
      java.util.regex.Pattern.compile(
          "(java|javax|sun|jdk|com\\.sun|io\\.github|io\\.prometheus)\\.[a-z]|\\w+(Exception|Error)\\b|\\tat ");

  @Test
  void hostilePathsAndRequests() throws Exception {
    try (TestServer s = TestServer.of(Fixtures.roots(Fixtures.copy("one-enabled", tmp))).start()) {
      int port = s.server.addresses().get(0).getPort();
      List<String> failures = new ArrayList<>();
      for (Hostile h : HOSTILE) {
        String response = rawResponse(port, h.request());
        String status = response.lines().findFirst().orElse("");
        String body = response.contains("\r\n\r\n") ? response.split("\r\n\r\n", 2)[1] : "";
        boolean closedOr400 =
            h.status() <= 0 && (status.isEmpty() || status.startsWith("HTTP/1.1 400 "))
                || h.status() == -1 && status.startsWith("HTTP/1.1 404 ");
        if (!closedOr400 && !status.startsWith("HTTP/1.1 " + h.status() + " ")) {
          failures.add(h + ": expected " + h.status() + ", got " + status);
        }
        if (h.byJdk() && body.startsWith("<h1>")) {
          if (!JDK_PAGE.matcher(body).matches()) {
            failures.add(h + ": a new page from the JDK: " + body);
          }
        } else if (h.status() != 200 && JAVA_NAME.matcher(response).find()) {
          failures.add(h + ": names Java: " + response);
        }
        String path = h.request().split(" ", 3)[1];
        if (h.status() != 200 && path.length() > 2 && body.contains(path)) {
          failures.add(h + ": echoes the request: " + body);
        }
      }
      assertTrue(failures.isEmpty(), String.join("\n", failures));
      assertEquals(200, new Http().get(s.url("/metrics")).statusCode(), "still serving");
    }
  }

  /** A request that finds no slot of --web.max-requests within the wait gets 503, and says why. */
  @Test
  void noSlotWithinTheWaitIs503() throws Exception {
    java.util.concurrent.CountDownLatch collecting = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    registry.register(
        () -> {
          collecting.countDown();
          try {
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder().name("x").build();
        });
    StringWriter log = new StringWriter();
    try (ExporterServer server =
        TestServer.serving(registry, 1, "", new Log(new PrintWriter(log, true), Log.Level.info))) {
      String url = "http://127.0.0.1:" + server.addresses().get(0).getPort() + "/metrics";
      Thread first =
          new Thread(
              () -> {
                try {
                  new Http().get(url);
                } catch (Exception e) {
                  // released at the end
                }
              });
      first.start();
      assertTrue(collecting.await(10, java.util.concurrent.TimeUnit.SECONDS));
      long start = System.nanoTime();
      HttpResponse<String> r = new Http().get(url);
      long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      release.countDown();
      first.join(10_000);
      assertEquals(503, r.statusCode());
      assertEquals("Limit of concurrent requests reached (1), try again later.\n", r.body());
      assertTrue(waited >= RequestGuard.SLOT_WAIT_SECONDS - 1, "waited " + waited + " s");
    }
  }

  @Test
  void failuresInEveryCollectorNeverReachAResponse() throws Exception {
    Path root = Fixtures.copy("kgraft-legacy", tmp);
    Files.createDirectories(root.resolve("sys/kernel/livepatch/livepatch_9_1_1"));
    Files.writeString(root.resolve("sys/kernel/livepatch/livepatch_9_1_1/enabled"), "broken\n");
    Files.writeString(root.resolve("sys/kernel/kgraft/in_progress"), "maybe\n");
    Path rootfs =
        Files.createDirectories(root.resolve("rootfs/lib/modules/3.12.62-60.64.8-default/updates"));
    Files.writeString(rootfs.resolve("kgraft-patch-2-2_1.ko"), "");
    Commands failing =
        (argv, timeout) -> {
          throw new Commands.CommandException(argv.get(0) + ": injected failure");
        };
    try (TestServer s =
        TestServer.of(Fixtures.roots(root))
            .commands(failing)
            .config(new ExporterConfig(5, 1, false))
            .logLevel(Log.Level.info)
            .start()) {
      String url = s.url("");
      String body = "";
      for (int i = 0;
          i < 50
              && !body.contains("livepatch_scrape_collector_success{collector=\"packages\"} 0.0");
          i++) {
        HttpResponse<String> r = new Http().get(url + "/metrics");
        assertEquals(200, r.statusCode());
        body = r.body();
        Thread.sleep(100);
      }
      for (String c : AllCollectors.names()) {
        assertEquals(
            Optional.of(0.0),
            PromText.value(body, "livepatch_scrape_collector_success", "collector", c),
            c + "\n" + s.log());
      }
      for (String path : List.of("/metrics", "/", "/-/healthy")) {
        String b = new Http().get(url + path).body();
        assertFalse(
            b.contains("Exception") || b.contains("\tat ") || b.contains("injected"),
            path + ": " + b);
      }
      assertTrue(s.log().contains("injected failure"), s.log());
    }
  }

  /** Sends raw bytes and returns the whole answer (at most 64 KiB), or "" if the server closed. */
  private static String rawResponse(int port, String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      byte[] buf = new byte[64 * 1024];
      int n = 0;
      try {
        for (int r; n < buf.length && (r = s.getInputStream().read(buf, n, buf.length - n)) > 0; ) {
          n += r;
        }
      } catch (java.io.IOException e) {
        // closed, or no more within the timeout
      }
      return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends raw bytes and returns the status line of the answer, or "" if the server closed. */
  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (java.io.IOException e) {
        // the server may close before reading everything
      }
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      try {
        for (int c; (c = in.read()) != -1 && c != '\r' && c != '\n'; ) {
          line.append((char) c);
        }
      } catch (java.io.IOException e) {
        // closed without an answer
      }
      return line.toString();
    }
  }
}
