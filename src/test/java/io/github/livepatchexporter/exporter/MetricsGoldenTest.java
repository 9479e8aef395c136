package io.github.livepatchexporter.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.TestServer;
import io.github.livepatchexporter.testutil.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /metrics} of every fixture scenario, fetched from the real server, compared with {@code
 * golden/metrics/<scenario>.prom} and linted by the real {@code promtool check metrics}.
 */
class MetricsGoldenTest {
  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
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
    Golden.assertMatches("metrics/" + scenario + ".prom", Golden.normalizeMetrics(body));
    Tools.assertPromtoolAccepts(body);
  }
}
