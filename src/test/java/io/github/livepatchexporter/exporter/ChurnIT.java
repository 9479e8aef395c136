package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.testutil.BigTree;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 scrapes while another thread churns the tree: tasks appear and vanish, patch_state flips,
 * the patch directory vanishes and comes back mid-read, files are truncated. Every response must be
 * a 200 in valid Prometheus text, and no exception may escape.
 */
class ChurnIT {
  static final int SCRAPES = 10_000;
  static final int CLIENTS = 8;

  @TempDir Path tmp;

  @Test
  void scrapesSurviveChurn() throws Exception {
    Path root = BigTree.create(tmp, 150, 3, 5);
    Roots roots = new Roots(root.resolve("sys"), root.resolve("proc"), root.resolve("rootfs"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger mutations = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    try (TestServer s = TestServer.of(roots).start()) {
      Future<?> churn = pool.submit(() -> churn(root, stop, mutations, failures));
      AtomicInteger done = new AtomicInteger();
      AtomicInteger non200 = new AtomicInteger();
      AtomicInteger invalid = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(
            pool.submit(
                () -> {
                  Http http = new Http();
                  while (done.incrementAndGet() <= SCRAPES) {
                    try {
                      HttpResponse<String> r = http.get(s.url("/metrics"));
                      if (r.statusCode() != 200) {
                        non200.incrementAndGet();
                        failures.add("status " + r.statusCode() + ": " + r.body());
                      }
                      String bad = PromText.firstInvalidLine(r.body());
                      if (bad != null || r.body().contains("Exception")) {
                        invalid.incrementAndGet();
                        failures.add("invalid line: " + bad);
                      }
                    } catch (IOException | InterruptedException e) {
                      failures.add("request: " + e);
                    }
                  }
                }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
      stop.set(true);
      churn.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      String metrics = new Http().get(s.url("/metrics")).body();
      String walks =
          metrics
              .lines()
              .filter(l -> l.startsWith("livepatch_proc_walks_total "))
              .findFirst()
              .orElse("?");
      long escaped = s.log().lines().filter(l -> l.contains("failed:")).count();
      System.out.printf(
          "churn: %d scrapes in %.1f s by %d clients, %d non-200, %d invalid bodies, %d tree mutations, %s, %d escaped exceptions%n",
          SCRAPES, seconds, CLIENTS, non200.get(), invalid.get(), mutations.get(), walks, escaped);
      assertEquals(List.of(), new ArrayList<>(failures).subList(0, Math.min(5, failures.size())));
      assertEquals(0, non200.get());
      assertEquals(0, invalid.get());
      assertEquals(0, escaped, s.log());
      assertTrue(mutations.get() > 100, "the tree changed during the scrapes: " + mutations.get());
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static void churn(
      Path root,
      AtomicBoolean stop,
      AtomicInteger mutations,
      ConcurrentLinkedQueue<String> failures) {
    Random random = new Random(42);
    Path patch = root.resolve("sys/kernel/livepatch").resolve(BigTree.PATCH);
    int nextPid = 900_000;
    while (!stop.get()) {
      try {
        switch (random.nextInt(6)) {
          case 0 -> BigTree.task(root, nextPid, nextPid++, random.nextInt(2));
          case 1 -> deleteSomeTask(root, random);
          case 2 ->
              writeSomeTask(root, random, "patch_state", random.nextBoolean() ? "0\n" : "1\n");
          case 3 -> writeSomeTask(root, random, random.nextBoolean() ? "stat" : "comm", "");
          case 4 -> {
            // The patch directory vanishes mid-read and comes back.
            deleteTree(patch);
            Thread.onSpinWait();
            Files.createDirectories(patch.resolve("vmlinux/cmdline_proc_show,1"));
            Files.writeString(patch.resolve("enabled"), "1\n");
            Files.writeString(patch.resolve("transition"), "1\n");
          }
          default ->
              Files.writeString(patch.resolve("transition"), random.nextBoolean() ? "" : "1\n");
        }
        mutations.incrementAndGet();
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // racing with itself is fine; the scrapes are what is tested
      } catch (RuntimeException e) {
        failures.add("churn: " + e);
      }
    }
  }

  private static List<Path> tasks(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("proc"))) {
      return s.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
    }
  }

  private static void deleteSomeTask(Path root, Random random) throws IOException {
    List<Path> pids = tasks(root);
    if (pids.size() > 50) {
      deleteTree(pids.get(random.nextInt(pids.size())));
    }
  }

  private static void writeSomeTask(Path root, Random random, String file, String content)
      throws IOException {
    List<Path> pids = tasks(root);
    Path pid = pids.get(random.nextInt(pids.size()));
    try (Stream<Path> s = Files.list(pid.resolve("task"))) {
      for (Path t : s.toList()) {
        Files.writeString(t.resolve(file), content);
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
