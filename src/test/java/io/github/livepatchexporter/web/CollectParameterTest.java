package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics?collect[]=name}, as node_exporter has it: only the collectors named run (a
 * Prometheus job may scrape the cheap ones more often), and a name that is not enabled is 400.
 */
class CollectParameterTest {
  @TempDir Path tmp;

  private static Set<String> collectorsIn(String body) {
    return PromText.parse(body).stream()
        .filter(s -> s.name().equals("livepatch_scrape_collector_success"))
        .map(s -> s.labels().get("collector"))
        .collect(Collectors.toSet());
  }

  @Test
  void onlyTheCollectorsNamedRun() throws Exception {
    try (TestServer s =
        TestServer.of(Fixtures.roots(Fixtures.copy("patching-stalled", tmp)))
            .collectors(Set.of("patches", "transition", "kgraft"))
            .start()) {
      Http http = new Http();
      assertEquals(
          Set.of("patches", "transition", "kgraft"),
          collectorsIn(http.get(s.url("/metrics")).body()));
      String one = http.get(s.url("/metrics?collect[]=transition")).body();
      assertEquals(Set.of("transition"), collectorsIn(one));
      assertEquals(
          java.util.Optional.of(4.0),
          PromText.value(one, "livepatch_transition_blocking_processes"));
      assertTrue(
          PromText.value(one, "livepatch_patch_enabled", "patch", "livepatch_sleeper_2_1_1")
              .isEmpty(),
          one);
      assertEquals(
          Set.of("transition", "kgraft"),
          collectorsIn(
              http.get(s.url("/metrics?collect%5B%5D=transition&collect[]=kgraft")).body()));
      HttpResponse<String> disabled = http.get(s.url("/metrics?collect[]=packages"));
      assertEquals(400, disabled.statusCode());
      assertEquals(
          "collect[] names a collector that is not enabled (enabled: kgraft, patches,"
              + " transition).\n",
          disabled.body());
      assertEquals(400, http.get(s.url("/metrics?collect[]=cpu&collect[]=patches")).statusCode());
      assertEquals(200, http.get(s.url("/metrics?name[]=livepatch_up&x=1")).statusCode());
    }
  }
}
