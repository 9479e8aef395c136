package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.TestServer;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package facts on /metrics, from real RPMs; looked up in the background, never in a scrape. */
class PackageMetricsIT {
  @TempDir Path tmp;

  @Test
  void packageCvesExpiryAndUpdates() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 2, 3);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    repo.lifecycle("kernel-livepatch-*-default,2,2027-06-30\n");
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 2);
    try (TestServer s = everySecond(repo, host)) {
      String body =
          await(
              s,
              "livepatch_patch_update_available{patch=\"livepatch_2_1_1\"} 0.0",
              "the first lookup finishes in the background");
      assertTrue(body.contains("rpm=\"kernel-livepatch-6_1_0-28-default-2-1.1.x86_64\""), body);
      PatchedHost.assertFactsOfVersion2(body);
      // The only golden /metrics with package facts: MetricNamesTest finds their names here.
      Golden.assertMatches("metrics/packages.prom", normalize(body));
      Tools.assertPromtoolAccepts(body);
      assertEquals(
          Optional.of(1.0), PromText.value(body, "livepatch_packages_update_check_success"), body);
      // A newer version published: the exporter never refreshes zypper's cache (that needs
      // root), so the status flips only after root has refreshed it.
      repo.publish(3);
      String before = refreshedAt(body);
      for (int lookups = 0; lookups < 2; ) {
        body = new Http().get(s.url("/metrics")).body();
        if (!refreshedAt(body).equals(before)) {
          lookups++;
          before = refreshedAt(body);
        }
        assertEquals(
            Optional.of(0.0),
            PromText.value(body, "livepatch_patch_update_available", "patch", "livepatch_2_1_1"),
            body);
        Thread.sleep(200);
      }
      repo.refresh();
      body =
          await(
              s,
              "livepatch_patch_update_available{patch=\"livepatch_2_1_1\"} 1.0",
              "the update status flips");
      // The refresh just made, as the time of the cached metadata.
      double refreshed =
          Double.parseDouble(
              value(
                  body,
                  "livepatch_packages_repository_refresh_timestamp_seconds{repository=\"local\"}"));
      assertTrue(Math.abs(refreshed - System.currentTimeMillis() / 1000.0) < 120, body);
    }
  }

  /**
   * A repository whose metadata zypper cannot get: the update status is unknown, said once in the
   * log, and the collector does not fail, since its facts are right.
   */
  @Test
  void unknownUpdateStatusIsNotACollectorFailure() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1);
    repo.publish(1);
    repo.install(1);
    repo.addRepository("gone", "file://" + tmp.resolve("no-such-repository"));
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 1);
    try (TestServer s = everySecond(repo, host)) {
      String body = await(s, "livepatch_packages_update_check_success 0.0", "the lookup");
      assertEquals(
          Optional.of(1.0),
          PromText.value(body, "livepatch_scrape_collector_success", "collector", "packages"),
          body);
      assertFalse(body.contains("livepatch_patch_update_available{"), body);
      assertTrue(body.contains("rpm=\"kernel-livepatch-6_1_0-28-default-1-1.1.x86_64\""), body);
      assertEquals(
          Optional.of(0.0),
          PromText.value(
              body,
              "livepatch_packages_repository_refresh_timestamp_seconds",
              "repository",
              "gone"),
          body);
      // Several lookups later (one a second), the reason is still logged once.
      awaitLookups(s, body, 3);
      String log = s.log();
      assertEquals(1, log.split("update status unknown: ", -1).length - 1, log);
      assertTrue(log.contains("repositories gone (root refreshes it: zypper refresh)"), log);
    }
  }

  /**
   * A corrupt rpm database: the packages collector fails (its facts would be wrong), the reason is
   * one error line naming the database, logged once however many lookups fail, and the other
   * collectors are served.
   */
  @Test
  void corruptRpmDatabaseFailsTheCollectorAndIsLoggedOnce() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1);
    repo.publish(1);
    repo.install(1);
    repo.corruptDatabase();
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 1);
    try (TestServer s = everySecond(repo, host)) {
      String body =
          await(
              s,
              "livepatch_scrape_collector_success{collector=\"packages\"} 0.0",
              "the failed lookup");
      assertEquals(
          Optional.of(1.0),
          PromText.value(body, "livepatch_scrape_collector_success", "collector", "patches"),
          body);
      assertTrue(body.contains("rpm=\"\""), body);
      awaitLookups(s, body, 3);
      List<String> errors = s.log().lines().filter(l -> l.contains("level=error")).toList();
      assertEquals(1, errors.size(), s.log());
      assertTrue(
          errors.get(0).contains("collector packages: rpm cannot read its database /root/.rpmdb"),
          errors.get(0));
      assertFalse(s.log().contains("Exception"), s.log());
      assertFalse(s.log().contains("\tat "), s.log());
    }
  }

  /** The exporter with all collectors, looking packages up every second. */
  private static TestServer everySecond(RpmRepo repo, Path host) throws Exception {
    return TestServer.of(repo.roots(host))
        .config(new ExporterConfig(5, 1, true))
        .clock(java.time.Clock.systemUTC())
        .start();
  }

  /** Scrapes until N more package lookups have finished since {@code body} was scraped. */
  private static void awaitLookups(TestServer s, String body, int n) throws Exception {
    String at = refreshedAt(body);
    for (int lookups = 0; lookups < n; ) {
      String now = refreshedAt(new Http().get(s.url("/metrics")).body());
      if (!now.equals(at)) {
        lookups++;
        at = now;
      }
      Thread.sleep(200);
    }
  }

  private static String value(String body, String series) {
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> l.substring(series.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + body));
  }

  private static String refreshedAt(String body) {
    return body.lines()
        .filter(l -> l.startsWith("livepatch_packages_refresh_timestamp_seconds "))
        .findFirst()
        .orElse("");
  }

  /** As the fixture goldens, and the time of the last lookup, which is the wall clock's. */
  static String normalize(String body) {
    return Golden.normalizeMetrics(body)
        .replaceAll("(?m)^(livepatch_packages_refresh_timestamp_seconds) .*", "$1 <timestamp>")
        .replaceAll(
            "(?m)^(livepatch_packages_repository_refresh_timestamp_seconds\\{[^}]*\\}) .*",
            "$1 <timestamp>");
  }

  private static String await(TestServer s, String line, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = new Http().get(s.url("/metrics")).body();
      if (body.contains(line)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + ": no " + line + " in\n" + body + "\nlog:\n" + s.log());
  }
}
