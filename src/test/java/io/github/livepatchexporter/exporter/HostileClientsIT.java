package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow, idle and hostile clients, and failures injected into every collector. */
class HostileClientsIT {
  @TempDir Path tmp;

  @Test
  void idleHalfOpenConnectionsDoNotStopAScrape() throws Exception {
    try (TestServer s =
        new TestServer(Fixtures.roots(Fixtures.copy("patching-stalled", tmp)), WebConfig.NONE)) {
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
    try (TestServer s =
        new TestServer(Fixtures.roots(Fixtures.copy("one-enabled", tmp)), WebConfig.NONE)) {
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
    StringWriter log = new StringWriter();
    Log l = new Log(new PrintWriter(log, true), Log.Level.info);
    ExporterConfig config = new ExporterConfig(5, 1, false);
    try (Exporter ex =
            new Exporter(
                new StateReader(Fixtures.roots(root)),
                failing,
                Set.copyOf(LivepatchCollector.COLLECTORS),
                config,
                "dev",
                l,
                Clock.systemUTC());
        ExporterServer server =
            ExporterServer.start(
                new ExporterServer.Settings(
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                    "/metrics",
                    Optional.empty(),
                    WebConfig.NONE,
                    4,
                    ex.registry(),
                    () -> ex.landingPage("/metrics"),
                    l))) {
      String url = "http://127.0.0.1:" + server.addresses().get(0).getPort();
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
      for (String c : LivepatchCollector.COLLECTORS) {
        assertTrue(
            body.contains("livepatch_scrape_collector_success{collector=\"" + c + "\"} 0.0"),
            c + "\n" + log);
      }
      for (String path : List.of("/metrics", "/", "/-/healthy")) {
        String b = new Http().get(url + path).body();
        assertFalse(
            b.contains("Exception") || b.contains("\tat ") || b.contains("injected"),
            path + ": " + b);
      }
      assertTrue(log.toString().contains("injected failure"), log.toString());
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
