package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.TestServer;
import io.github.livepatchexporter.testutil.Tools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /metrics} of every fixture scenario, fetched from the real server, compared with {@code
 * golden/metrics/<scenario>.prom} and linted by the real {@code promtool check metrics}.
 */
public class MetricsGoldenTest {
  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
  }

  /** Durations and the JVM's version differ from run to run; everything else must not. */
  public static String normalize(String body) {
    return body.replaceAll(
            "(livepatch_scrape_collector_duration_seconds\\{[^}]*\\}) .*", "$1 <duration>")
        .replaceAll("javaversion=\"[^\"]*\"", "javaversion=\"<java>\"")
        .replaceAll("revision=\"[^\"]*\"", "revision=\"<revision>\"")
        .replaceAll("branch=\"[^\"]*\"", "branch=\"<branch>\"");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void matchesGoldenAndPassesPromtool(String scenario, @TempDir Path tmp) throws Exception {
    Path root = Fixtures.copy(scenario, tmp);
    String body;
    try (TestServer s = TestServer.of(Fixtures.roots(root)).start()) {
      HttpResponse<String> r = new Http().get(s.url("/metrics"));
      assertEquals(200, r.statusCode(), r.body());
      body = r.body();
    }
    Golden.assertMatches("metrics/" + scenario + ".prom", normalize(body));
    assertPromtoolAccepts(body);
  }

  /** {@code promtool check metrics} lints the exposition: names, units, HELP and TYPE. */
  static void assertPromtoolAccepts(String body) throws Exception {
    Process p =
        new ProcessBuilder(Tools.find("promtool", "prometheus").toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
  }
}
