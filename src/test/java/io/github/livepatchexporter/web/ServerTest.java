package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTest {
  @TempDir Path tmp;

  private TestServer server(String scenario) throws Exception {
    return TestServer.of(Fixtures.roots(Fixtures.copy(scenario, tmp))).start();
  }

  @Test
  void endpoints() throws Exception {
    try (TestServer s = server("patching-stalled")) {
      Http http = new Http();
      assertEquals("Exporter is healthy.\n", http.get(s.url("/-/healthy")).body());
      assertEquals("Exporter is ready.\n", http.get(s.url("/-/ready")).body());
      HttpResponse<String> landing = http.get(s.url("/"));
      assertEquals(200, landing.statusCode());
      assertTrue(landing.body().contains("<a href=\"/metrics\">"), landing.body());
      assertTrue(
          landing
              .body()
              .contains(
                  "<strong>Transition in progress</strong>: livepatch_sleeper_2_1_1 is patching"),
          landing.body());
      assertTrue(
          landing
              .body()
              .contains(
                  "<td class=\"num\">845</td><td class=\"num\">845</td><td>cat</td><td><abbr"
                      + " title=\"sleeping\">S</abbr></td><td>user</td>"
                      + "<td class=\"cmd\">cat /proc/klp_sleeper</td>"),
          landing.body());
      assertEquals(404, http.get(s.url("/nothing")).statusCode());
    }
  }

  @Test
  void responsesAreNotHeldBackByNagle() throws Exception {
    // Without TCP_NODELAY a kept-alive scrape's body waits 40 ms for the client's delayed ACK;
    // bench/run shows the difference.
    try (TestServer s = server("one-enabled")) {
      assertEquals(200, new Http().get(s.url("/metrics")).statusCode());
      assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
    }
  }

  @Test
  void disabledCollectorsAreLeftOut() throws Exception {
    Path root = Fixtures.copy("kgraft-legacy", tmp);
    try (TestServer s = TestServer.of(Fixtures.roots(root)).collectors(Set.of("patches")).start()) {
      String body = new Http().get(s.url("/metrics")).body();
      assertEquals(
          Optional.of(1.0),
          PromText.value(body, "livepatch_scrape_collector_success", "collector", "patches"),
          body);
      assertFalse(body.contains("collector=\"kgraft\""), body);
      assertFalse(body.contains("livepatch_kgraft_in_progress"), body);
      assertFalse(body.contains("livepatch_transition_in_progress"), body);
    }
  }

  @Test
  void onlyGetAndHead() throws Exception {
    try (TestServer s = server("one-enabled")) {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(s.url("/metrics")).toURL().openConnection();
        c.setRequestMethod(method);
        assertEquals(405, c.getResponseCode(), method);
        c.disconnect();
      }
      HttpURLConnection head = (HttpURLConnection) URI.create(s.url("/")).toURL().openConnection();
      head.setRequestMethod("HEAD");
      assertEquals(200, head.getResponseCode());
    }
  }

  @Test
  void contentNegotiationAsClientJava() throws Exception {
    try (TestServer s = server("one-enabled")) {
      HttpResponse<String> om =
          new Http()
              .get(s.url("/metrics"), "Accept", "application/openmetrics-text; version=1.0.0");
      assertTrue(
          om.headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("application/openmetrics-text"));
      assertTrue(om.body().endsWith("# EOF\n"), om.body());
      HttpResponse<String> text = new Http().get(s.url("/metrics"));
      assertTrue(
          text.headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/plain; version=0.0.4"));
    }
  }

  @Test
  void aBrokenFileFailsItsCollectorOnly() throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp);
    Files.writeString(root.resolve("sys/kernel/livepatch/livepatch_1_1_1/transition"), "garbage\n");
    try (TestServer s = TestServer.of(Fixtures.roots(root)).start()) {
      HttpResponse<String> r = new Http().get(s.url("/metrics"));
      assertEquals(200, r.statusCode());
      // The bad file fails the collectors that read it, and only those.
      for (Map.Entry<String, Double> c :
          Map.of("patches", 0.0, "transition", 0.0, "kgraft", 1.0).entrySet()) {
        assertEquals(
            Optional.of(c.getValue()),
            PromText.value(r.body(), "livepatch_scrape_collector_success", "collector", c.getKey()),
            c.getKey() + "\n" + r.body());
      }
      assertEquals(
          Optional.of(1.0),
          PromText.value(r.body(), "livepatch_patch_enabled", "patch", "livepatch_1_1_1"),
          "the rest is served");
      assertTrue(s.log().contains("transition: expected 0 or 1, got \\\"garbage\\\""), s.log());
    }
  }

  @Test
  void aFailingReadNeverLeaksAStackTrace() throws Exception {
    Supplier<LivepatchState> failing =
        () -> {
          throw new IllegalStateException("injected failure");
        };
    try (TestServer s = TestServer.of(failing).logLevel(Log.Level.info).start()) {
      String url = s.url("");
      HttpResponse<String> r = new Http().get(url + "/metrics");
      assertEquals(200, r.statusCode());
      for (String c : AllCollectors.names()) {
        assertEquals(
            Optional.of(0.0),
            PromText.value(r.body(), "livepatch_scrape_collector_success", "collector", c),
            r.body());
      }
      assertTrue(r.body().contains("livepatch_exporter_build_info"), "self metrics still served");
      HttpResponse<String> landing = new Http().get(url + "/");
      assertEquals(500, landing.statusCode());
      for (HttpResponse<String> x : List.of(r, landing)) {
        assertFalse(
            x.body().contains("injected")
                || x.body().contains("Exception")
                || x.body().contains("\tat "),
            x.body());
      }
      assertTrue(s.log().contains("injected failure"), "the cause is logged: " + s.log());
    }
  }

  @Test
  void concurrentScrapesShareOneRead() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    StateReader real = new StateReader(Fixtures.roots(root));
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Supplier<LivepatchState> slow =
        () -> {
          reads.incrementAndGet();
          maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
          try {
            release.await(10, TimeUnit.SECONDS);
            return real.read(ReadOptions.ALL);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            active.decrementAndGet();
          }
        };
    int scrapes = 8;
    ExecutorService clients = Executors.newFixedThreadPool(scrapes);
    try (TestServer s = TestServer.of(slow).maxRequests(scrapes).start()) {
      String url = s.url("/metrics");
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < scrapes; i++) {
        futures.add(clients.submit(() -> new Http().get(url)));
      }
      Thread.sleep(500);
      release.countDown();
      for (Future<HttpResponse<String>> f : futures) {
        HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals(
            Optional.of(4.0),
            PromText.value(r.body(), "livepatch_transition_blocking_processes"),
            r.body());
      }
    } finally {
      clients.shutdownNow();
    }
    assertEquals(1, maxActive.get(), "never two reads at once");
    assertTrue(
        reads.get() < scrapes, "scrapes shared reads: " + reads.get() + " reads for " + scrapes);
  }

  @Test
  void theLandingPageShowsNamesAsPsShowsThem() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Files.writeString(
        root.resolve("proc/845/task/845/cmdline"), "cat\0<b>x</b>\nfake 1\u001b[2J\0");
    try (TestServer s = TestServer.of(Fixtures.roots(root)).start()) {
      String page = new Http().get(s.url("/")).body();
      assertTrue(page.contains("<td class=\"cmd\">cat &lt;b&gt;x&lt;/b&gt;?fake 1?[2J</td>"), page);
      assertFalse(page.contains("\u001b"), page);
    }
  }

  /**
   * {@code --web.max-requests} counts requests being served: beyond it a request waits, the health
   * endpoints answer still, and a slot is free again when its response starts, however slowly the
   * client reads it. (The 503 after the wait: HostileClientsIT.)
   */
  @Test
  void maxRequestsCountsCollectionsNotClients() throws Exception {
    CountDownLatch collecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        () -> {
          if (calls.incrementAndGet() == 1) {
            collecting.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          // About 8 MiB of text: more than a socket's buffers hold for a client that never reads.
          GaugeSnapshot.Builder g = GaugeSnapshot.builder().name("big");
          for (int i = 0; i < 100_000; i++) {
            g.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("i", Integer.toString(i), "pad", "x".repeat(60)))
                    .value(i)
                    .build());
          }
          return g.build();
        });
    StringWriter log = new StringWriter();
    try (ExporterServer server =
        TestServer.serving(
            registry, 1, "<p>landing</p>", new Log(new PrintWriter(log, true), Log.Level.debug))) {
      int port = server.addresses().get(0).getPort();
      String url = "http://127.0.0.1:" + port;
      // A client that asks and never reads: its scrape blocks in the collection first.
      try (Socket stuck = new Socket()) {
        stuck.setReceiveBufferSize(4096);
        stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        stuck
            .getOutputStream()
            .write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(collecting.await(10, TimeUnit.SECONDS), "the first scrape started");
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
          Future<HttpResponse<String>> waiting =
              second.submit(() -> new Http().get(url + "/metrics"));
          assertEquals(
              200, new Http().get(url + "/-/healthy").statusCode(), "health is not counted");
          assertEquals(200, new Http().get(url + "/-/ready").statusCode());
          Thread.sleep(500);
          assertFalse(waiting.isDone(), "the second scrape waits for the slot");
          release.countDown();
          // The stuck client's response has started and fills its buffers; its slot is free.
          HttpResponse<String> r = waiting.get(RequestGuard.SLOT_WAIT_SECONDS, TimeUnit.SECONDS);
          assertEquals(200, r.statusCode(), "a slow reader holds no slot: " + r.body());
        } finally {
          second.shutdownNow();
        }
        int status = new Http().get(url + "/").statusCode();
        assertEquals(200, status, "a slow reader holds no slot");
      }
    }
  }
}
