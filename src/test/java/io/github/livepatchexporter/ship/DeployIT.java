package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.YamlTree;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter started exactly as the shipped deployment files start it (only the listen address
 * moved to a free loopback port, and the DaemonSet's host mounts and ConfigMap to a fixture and a
 * directory): the flags, configuration and JVM options they pass are accepted, and the probes they
 * declare answer.
 */
class DeployIT {
  static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z_][A-Z0-9_]*)=\"(.*)\"$");

  @TempDir Path tmp;

  @Test
  void systemdEnvironmentFileStartsTheExporter() throws Exception {
    Map<String, String> env = new TreeMap<>();
    for (String line :
        Files.readAllLines(Project.dir().resolve("deploy/systemd/livepatch-exporter.env"))) {
      Matcher m = ASSIGNMENT.matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      } else {
        assertTrue(line.isBlank() || line.startsWith("#"), "not KEY=\"value\": " + line);
      }
    }
    assertEquals(
        List.of("LIVEPATCH_EXPORTER_ARGS", "LIVEPATCH_JAVA_OPTS", "LIVEPATCH_TEXTFILE_ARGS"),
        List.copyOf(env.keySet()));
    // ExecStart=... $LIVEPATCH_EXPORTER_ARGS: systemd splits the value at whitespace.
    List<String> args = local(List.of(env.remove("LIVEPATCH_EXPORTER_ARGS").split("\\s+")));
    try (Serve s = new Serve(env, args.toArray(String[]::new))) {
      String url = s.awaitListening();
      HttpResponse<String> r = new Http().get(url);
      assertEquals(200, r.statusCode(), s.output());
      assertEquals(
          Optional.of(1.0),
          PromText.value(r.body(), "livepatch_scrape_collector_success", "collector", "patches"),
          r.body());
    }
  }

  @Test
  void daemonSetContainerStartsTheExporter() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Map<String, String> mounts = Kubernetes.hostPathsByMountPath();
    // The ConfigMap's files, where the pod would see them.
    Path config = Files.createDirectories(tmp.resolve("config"));
    for (Map.Entry<String, Object> e :
        YamlTree.map(Kubernetes.manifest("configmap.yaml").get("data")).entrySet()) {
      Files.writeString(config.resolve(e.getKey()), String.valueOf(e.getValue()));
    }
    List<String> args = new ArrayList<>();
    for (String a : local(Kubernetes.args())) {
      for (Map.Entry<String, String> m : mounts.entrySet()) {
        // The host's /sys, /proc and / are the fixture's.
        a = a.replace("=" + m.getKey(), "=" + root + m.getValue());
      }
      args.add(a.replace("=" + Kubernetes.mountPath("config") + "/", "=" + config + "/"));
    }
    assertEquals("serve", args.remove(0), "the first argument is the command");
    Map<String, String> env = new TreeMap<>();
    for (Map<String, Object> e : YamlTree.maps(Kubernetes.container().get("env"))) {
      env.put(YamlTree.string(e.get("name")), YamlTree.string(e.get("value")));
    }
    try (Serve s = new Serve(env, args.toArray(String[]::new))) {
      URI metrics = URI.create(s.awaitListening());
      Http http = new Http();
      for (String probe : List.of("livenessProbe", "readinessProbe")) {
        String path =
            YamlTree.string(YamlTree.at(Kubernetes.container(), probe, "httpGet", "path"));
        assertEquals(200, http.get(metrics.resolve(path).toString()).statusCode(), probe);
      }
      String body = http.get(metrics.toString()).body();
      assertEquals(
          Optional.of(1.0), PromText.value(body, "livepatch_transition_in_progress"), body);
      assertEquals(
          Optional.of(4.0), PromText.value(body, "livepatch_transition_blocking_processes"), body);
    }
  }

  /** The arguments with the listen address moved to a free loopback port. */
  static List<String> local(List<String> args) {
    List<String> out = new ArrayList<>();
    int moved = 0;
    for (String a : args) {
      if (a.startsWith("--web.listen-address=")) {
        a = "--web.listen-address=127.0.0.1:0";
        moved++;
      }
      out.add(a);
    }
    assertEquals(1, moved, "one --web.listen-address in " + args);
    return out;
  }
}
