package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Image;
import io.github.livepatchexporter.testutil.ImageRoot;
import io.github.livepatchexporter.testutil.LocalServer;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.Tools;
import io.github.livepatchexporter.testutil.YamlTree;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image of scripts/image.sh, read by skopeo and unpacked by umoci, runs the DaemonSet's command
 * line as the DaemonSet runs it (see {@link ImageRoot}: a read-only root, the host's trees under
 * /host, the ConfigMap at its mount path), and stricter: as nobody, without capabilities.
 */
class ImageIT {
  private static final Pattern TRANSITION_START =
      Pattern.compile("(?m)^(livepatch_transition_start_timestamp_seconds) ([1-9].*)$");

  @TempDir static Path tmp;
  static Path archive;
  static ImageRoot image;
  static Path configDir;

  @BeforeAll
  static void unpack() throws Exception {
    String uid = Command.run(List.of(Tools.find("id", "coreutils").toString(), "-u")).ok().strip();
    assertEquals(
        "0",
        uid,
        "ImageIT needs root: image.sh runs chroot, and the image runs in mount namespaces");
    archive = Image.archive();
    image = ImageRoot.unpack(archive, tmp);
    configDir = Files.createDirectories(tmp.resolve("config"));
    for (Map.Entry<String, Object> e :
        YamlTree.map(Kubernetes.manifest("configmap.yaml").get("data")).entrySet()) {
      Files.writeString(
          configDir.resolve(e.getKey()), String.valueOf(e.getValue()), StandardCharsets.UTF_8);
    }
  }

  @Test
  void configurationIsTheDaemonSets() throws Exception {
    Map<String, Object> config = image.config;
    assertEquals(YamlTree.list(Kubernetes.container().get("command")), image.entrypoint());
    List<Object> cmd = YamlTree.list(config.get("Cmd"));
    List<String> args = Kubernetes.args();
    assertEquals(
        cmd, List.copyOf(args.subList(0, Math.min(cmd.size(), args.size()))), "Cmd begins args");
    assertEquals(
        Map.of(
            YamlTree.maps(Kubernetes.container().get("ports")).get(0).get("containerPort") + "/tcp",
            Map.of()),
        config.get("ExposedPorts"));
    Map<String, Object> labels = YamlTree.map(config.get("Labels"));
    assertEquals("livepatch_exporter", labels.get("org.opencontainers.image.title"));
    assertTrue(
        String.valueOf(labels.get("org.opencontainers.image.description")).contains("live patch"));
    assertEquals(Image.version(), labels.get("org.opencontainers.image.version"));
    assertEquals("Apache-2.0", labels.get("org.opencontainers.image.licenses"));
    assertTrue(
        String.valueOf(labels.get("org.opencontainers.image.source")).startsWith("https://"));
    String head =
        Command.run(List.of(Tools.find("git", "git").toString(), "rev-parse", "HEAD")).ok().strip();
    assertEquals(head, labels.get("org.opencontainers.image.revision"));
    // The name podman load gives it: the layout's one reference, which the DaemonSet names.
    Path layout = Files.createDirectories(tmp.resolve("archive"));
    Command.run(
            List.of(
                Tools.find("tar", "tar").toString(),
                "-xf",
                archive.toString(),
                "-C",
                layout.toString(),
                "./index.json"))
        .ok();
    Object index = YamlTree.parse(Files.readString(layout.resolve("index.json")));
    List<Map<String, Object>> manifests = YamlTree.maps(YamlTree.at(index, "manifests"));
    assertEquals(1, manifests.size(), index.toString());
    assertEquals(
        Kubernetes.container().get("image"),
        YamlTree.at(manifests.get(0), "annotations", "org.opencontainers.image.ref.name"));
  }

  /**
   * The DaemonSet's /metrics of a host, served from the image: the golden of the scenario (read,
   * never rewritten: UPDATE_GOLDEN belongs to the tests of the classes). It stops on SIGTERM with
   * status 0, as a pod's deletion needs.
   */
  @ParameterizedTest
  @ValueSource(strings = {"none-loaded", "patching-stalled", "kgraft-legacy"})
  void servesTheGoldenMetricsFromAReadOnlyRoot(String scenario) throws Exception {
    Path host = Fixtures.copy(scenario, Files.createDirectories(tmp.resolve("hosts")));
    long started = System.currentTimeMillis();
    String body;
    try (ImageRoot.Server s = serve(host.resolve("sys"), host.resolve("proc"), emptyRoot())) {
      HttpResponse<String> r = s.get("/metrics");
      assertEquals(200, r.statusCode(), r.body());
      body = r.body();
      assertEquals(0, s.stop(), s.log());
      assertFalse(s.log().contains("Exception"), "no stack trace:\n" + s.log());
    }
    // The goldens come from the classes, which know no version, on a fixed clock; the image has
    // the jar, and the wall clock tells when it first saw a transition.
    String golden =
        Files.readString(
            Project.dir().resolve("src/test/resources/golden/metrics/" + scenario + ".prom"));
    assertEquals(
        withoutTransitionStart(golden),
        withoutTransitionStart(
            Golden.normalizeMetrics(
                withoutExporterMetrics(
                    body.replace("version=\"" + Image.version() + "\"} 1", "version=\"dev\"} 1")))),
        "/metrics from the image, against golden/metrics/" + scenario + ".prom");
    double seen = PromText.value(body, "livepatch_transition_start_timestamp_seconds").orElse(0.0);
    if (seen > 0) {
      assertTrue(seen >= started / 1000.0 - 1 && seen <= System.currentTimeMillis() / 1000.0);
    }
  }

  /**
   * The server's own process_* and jvm_* metrics, which the goldens of the collector do not hold;
   * the image must serve them.
   */
  static String withoutExporterMetrics(String body) {
    assertTrue(body.contains("\nprocess_resident_memory_bytes "), body);
    assertTrue(body.contains("\njvm_memory_used_bytes{"), body);
    return body.lines()
            .filter(l -> !l.matches("(# (HELP|TYPE) )?(process|jvm)_.*"))
            .collect(java.util.stream.Collectors.joining("\n"))
        + "\n";
  }

  /**
   * The image's rpm reads the host's database through /host/root: the package, its CVEs and its end
   * of support; with the ConfigMap's check_updates: false, no update status at all.
   */
  @Test
  void packageFactsComeFromTheHostsRoot() throws Exception {
    RpmRepo repo = RpmRepo.create(Files.createDirectories(tmp.resolve("rpm")), 1, 2);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    repo.lifecycle("kernel-livepatch-*-default,2,2027-06-30\n");
    // Where zypper keeps the database, as on a host, and the image's rpm looks for it.
    Path db = repo.root.resolve("var/lib/rpm/rpmdb.sqlite");
    assertTrue(Files.isRegularFile(db), "no rpm database " + db);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("patched")), 2);
    try (ImageRoot.Server s = serve(host.resolve("sys"), host.resolve("proc"), repo.root)) {
      String body = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && !body.contains("rpm=\"kernel-livepatch")) {
        Thread.sleep(200);
        body = s.get("/metrics").body();
      }
      assertTrue(body.contains("rpm=\"" + repo.layout.nvra(2) + "\""), body + s.log());
      PatchedHost.assertFactsOfVersion2(body);
      assertFalse(body.contains("livepatch_packages_update_check_success"), body);
      assertFalse(body.contains("livepatch_patch_update_available"), body);
      assertEquals(0, s.stop(), s.log());
    }
  }

  /**
   * klp with the class-data archive the image holds, and java with the JDK's: -Xshare:on fails
   * instead of running without an archive it cannot map.
   */
  @Test
  void classDataArchivesMapInTheImage() throws Exception {
    Path host = Fixtures.copy("patching-stalled", Files.createDirectories(tmp.resolve("cli")));
    ImageRoot.Mounts m = mounts(host.resolve("sys"), host.resolve("proc"), emptyRoot());
    Command.Result klp =
        Command.run(
            image.command(
                m,
                Map.of("LIVEPATCH_JAVA_OPTS", "-Xshare:on -Xlog:cds=error"),
                List.of(
                    "/usr/bin/klp",
                    "--path.sysfs=/host/sys",
                    "--path.procfs=/host/proc",
                    "--path.rootfs=/host/root",
                    "status")));
    assertEquals(new Command.Result(0, "in_progress\n", ""), klp);
    Command.Result java =
        Command.run(
            image.command(
                m,
                Map.of(),
                List.of("/usr/bin/java", "-Xshare:on", "-XX:+UseSerialGC", "-version")));
    assertEquals(0, java.exit(), java.both());
    assertTrue(java.err().contains("sharing"), java.err());
  }

  /** The entrypoint with the DaemonSet's arguments, on a loopback port of its own. */
  private static ImageRoot.Server serve(Path sys, Path proc, Path rootfs) throws Exception {
    int port = LocalServer.freePort();
    List<String> command = new ArrayList<>(image.entrypoint());
    for (String arg : Kubernetes.args()) {
      command.add(
          arg.startsWith("--web.listen-address=") ? "--web.listen-address=127.0.0.1:" + port : arg);
    }
    Path log = Files.createTempFile(tmp, "serve", ".log");
    return image.start(mounts(sys, proc, rootfs), command, port, log);
  }

  private static ImageRoot.Mounts mounts(Path sys, Path proc, Path rootfs) {
    return new ImageRoot.Mounts(sys, proc, rootfs, configDir, Kubernetes.mountPath("config"));
  }

  private static Path emptyRoot() throws Exception {
    return Files.createDirectories(tmp.resolve("empty-root"));
  }

  private static String withoutTransitionStart(String body) {
    return TRANSITION_START.matcher(body).replaceAll("$1 <timestamp>");
  }
}
