package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Child;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.Tools;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris, slow read and idle connections against the real exporter, while a normal client
 * scrapes once a second on a new connection, as a Prometheus whose connection was reset would:
 * every scrape succeeds, and the worst takes under a second.
 */
class SlowClientsIT {
  static final int SECONDS = 20;
  static final long WORST_MILLIS = 1000;
  static final Pattern CONNECTED = Pattern.compile("connected:\\s+(\\d+)");

  @TempDir Path tmp;

  @Test
  void slowHeaders() throws Exception {
    // 500 connections that send a header line every 10 s, 50 new ones a second.
    attack("slow headers", "-H", "-c", "500", "-r", "50", "-i", "10");
  }

  @Test
  void slowRead() throws Exception {
    // 500 connections that advertise a receive window of 1 to 512 bytes and read 5 bytes a
    // second, each asking for the metrics four times.
    attack("slow read", "-X", "-c", "500", "-r", "50", "-k", "4", "-w", "1", "-y", "512");
  }

  @Test
  void idleConnections() throws Exception {
    try (Serve s = serve()) {
      String url = s.url();
      URI u = URI.create(url);
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 1000; i++) {
          idle.add(new Socket(InetAddress.getByName(u.getHost()), u.getPort()));
        }
        long worst = probe(url, 10);
        System.out.printf("slow clients: 1000 idle connections: worst scrape %d ms%n", worst);
        assertTrue(worst < WORST_MILLIS, "worst scrape " + worst + " ms");
      } finally {
        for (Socket x : idle) {
          x.close();
        }
      }
      assertCleanLog(s);
    }
  }

  private void attack(String name, String... mode) throws Exception {
    try (Serve s = serve()) {
      String url = s.url();
      List<String> cmd = new ArrayList<>();
      cmd.add(Tools.find("slowhttptest", "slowhttptest").toString());
      cmd.addAll(List.of(mode));
      cmd.addAll(List.of("-l", Integer.toString(SECONDS), "-u", url));
      Path out = tmp.resolve("slowhttptest.out");
      long worst;
      try (Child attacker = Command.of(cmd).start(out)) {
        Thread.sleep(1000);
        worst = probe(url, SECONDS - 2);
        attacker.process.waitFor(SECONDS + 30, TimeUnit.SECONDS);
      }
      String report =
          Files.readString(out, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", "");
      int peak = 0;
      for (Matcher m = CONNECTED.matcher(report); m.find(); ) {
        peak = Math.max(peak, Integer.parseInt(m.group(1)));
      }
      System.out.printf(
          "slow clients: %s: up to %d attacking connections, worst scrape %d ms%n",
          name, peak, worst);
      assertTrue(peak >= 200, "the attack held at most " + peak + " connections:\n" + report);
      assertTrue(worst < WORST_MILLIS, name + ": worst scrape " + worst + " ms");
      assertCleanLog(s);
    }
  }

  /** The exporter, its first scrape (a cold JVM's) done before any attack starts. */
  private Serve serve() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Serve s =
        new Serve(Fixtures.on(root, "--web.listen-address=127.0.0.1:0", "--no-collector.packages"));
    new Http().get(s.awaitListening());
    return s;
  }

  /** One scrape a second on a new connection; returns the slowest in milliseconds. */
  private static long probe(String url, int count) throws Exception {
    long worst = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = new Http().get(url);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(200, r.statusCode(), "scrape " + i + ": " + r.body());
      assertEquals(
          Optional.of(1.0), PromText.value(r.body(), "livepatch_transition_in_progress"), r.body());
      worst = Math.max(worst, ms);
      Thread.sleep(Math.max(0, 1000 - ms));
    }
    return worst;
  }

  private static void assertCleanLog(Serve s) throws Exception {
    String log = s.output();
    assertFalse(log.contains("level=error"), log);
    assertFalse(log.contains("\tat "), log);
  }
}
