package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.RpmRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
    ExporterConfig fastRefresh = new ExporterConfig(5, 1, true);
    try (TestServer s =
        new TestServer(
            repo.roots(host),
            WebConfig.NONE,
            Set.copyOf(LivepatchCollector.COLLECTORS),
            fastRefresh,
            java.time.Clock.systemUTC())) {
      String body =
          await(
              s,
              "livepatch_patch_update_available{patch=\"livepatch_2_1_1\"} 0.0",
              "the first lookup finishes in the background");
      assertTrue(body.contains("rpm=\"kernel-livepatch-6_1_0-28-default-2-1.1.x86_64\""), body);
      assertTrue(body.contains("livepatch_cve_fixed{cve=\"CVE-2026-1111\"} 1"), body);
      assertTrue(
          body.contains("livepatch_patch_expiry_timestamp_seconds{patch=\"livepatch_2_1_1\"} 1.8"),
          body);
      assertTrue(
          body.contains("livepatch_scrape_collector_success{collector=\"packages\"} 1.0"), body);
      // The only golden /metrics with package facts: MetricNamesTest finds their names here.
      Golden.assertMatches("metrics/packages.prom", normalize(body));
      MetricsGoldenTest.assertPromtoolAccepts(body);
      repo.publish(3);
      await(
          s,
          "livepatch_patch_update_available{patch=\"livepatch_2_1_1\"} 1.0",
          "the update status flips");
    }
  }

  /** As the fixture goldens, and the time of the last lookup, which is the wall clock's. */
  static String normalize(String body) {
    return MetricsGoldenTest.normalize(body)
        .replaceAll("(?m)^(livepatch_packages_refresh_timestamp_seconds) .*", "$1 <timestamp>");
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
    throw new AssertionError(what + ": no " + line + " in\n" + body + "\nlog:\n" + s.log);
  }
}
