package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.BigTree;
import io.github.livepatchexporter.testutil.Child;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.Tools;
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
 * wrk with 64 connections for 60 s on /metrics of the packaged exporter, during a 20,000-thread
 * transition: no errors, one walk of /proc per overlapping group of scrapes, bounded memory.
 */
class LoadIT {
  static final int DURATION_SECONDS = 60;

  @TempDir Path tmp;

  @Test
  void sixtyFourConnectionsForSixtySeconds() throws Exception {
    Path root = BigTree.create(tmp, 2000, 10, 50);
    try (Serve s =
        new Serve(
            Fixtures.on(root, "--web.listen-address=127.0.0.1:0", "--no-collector.packages"))) {
      String url = s.awaitListening();
      String warm = new Http().get(url).body();
      assertEquals(Optional.of(20000.0), PromText.value(warm, "livepatch_tasks_scanned"), warm);
      long pid =
          s.process
              .toHandle()
              .children()
              .findFirst()
              .map(ProcessHandle::pid)
              .orElse(s.process.pid());
      List<Long> rss = new ArrayList<>();
      String out;
      try (Child wrk =
          Command.of(
                  Tools.find("wrk", "wrk").toString(),
                  "-t2",
                  "-c64",
                  "-d" + DURATION_SECONDS + "s",
                  "--timeout",
                  "10s",
                  "--latency",
                  url)
              .start(tmp.resolve("wrk.log"))) {
        while (!wrk.process.waitFor(5, TimeUnit.SECONDS)) {
          rss.add(rssKib(pid));
        }
        out = wrk.log();
        assertEquals(0, wrk.process.exitValue(), out);
      }
      long requests = number(out, "(\\d+) requests in");
      long non2xx = out.contains("Non-2xx") ? number(out, "Non-2xx or 3xx responses: (\\d+)") : 0;
      long socketErrors = 0;
      Matcher se =
          Pattern.compile(
                  "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
              .matcher(out);
      if (se.find()) {
        for (int i = 1; i <= 4; i++) {
          socketErrors += Long.parseLong(se.group(i));
        }
      }
      String p99 = group(out, "\\s99%\\s+(\\S+)");
      String metrics = new Http().get(url).body();
      long walks = PromText.value(metrics, "livepatch_proc_walks_total").orElseThrow().longValue();
      long firstRss = rss.get(Math.min(2, rss.size() - 1));
      long lastRss = rss.get(rss.size() - 1);
      long maxRss = rss.stream().mapToLong(Long::longValue).max().orElse(0);
      System.out.printf(
          "load: %d requests in %d s over 64 connections, %d non-2xx, %d socket errors, p99 %s, "
              + "%d /proc walks (%.1f scrapes per walk), RSS %d MiB at 15 s, %d MiB at the end, %d MiB max%n",
          requests,
          DURATION_SECONDS,
          non2xx,
          socketErrors,
          p99,
          walks,
          (double) requests / Math.max(1, walks),
          firstRss / 1024,
          lastRss / 1024,
          maxRss / 1024);
      assertEquals(0, non2xx, out);
      assertEquals(0, socketErrors, out);
      assertTrue(requests > 64, out);
      assertTrue(
          walks * 4 < requests,
          "overlapping scrapes share walks: " + walks + " walks, " + requests + " requests");
      assertTrue(lastRss < firstRss * 3 / 2 + 64 * 1024, "memory bounded: " + rss);
    }
  }

  private static long rssKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmRSS for " + pid);
  }

  private static long number(String text, String regex) {
    return Long.parseLong(group(text, regex));
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + regex + " in\n" + text);
    }
    return m.group(1);
  }
}
