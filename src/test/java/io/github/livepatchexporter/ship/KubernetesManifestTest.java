package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes: the DaemonSet reads the host read-only with one explicit capability and no
 * privilege, passes its mounts to the exporter, runs the image scripts/image.sh builds in a
 * namespace that admits it, and the Service, ServiceMonitor, ConfigMap and kustomization fit
 * together.
 */
class KubernetesManifestTest {
  @Test
  void daemonSetIsUnprivilegedWithOneCapability() {
    Map<String, Object> pod = Kubernetes.podSpec();
    assertEquals(
        true, pod.get("hostPID"), "the host's tasks are visible only in its PID namespace");
    assertFalse(Boolean.TRUE.equals(pod.get("hostNetwork")));
    Map<String, Object> sc = YamlTree.map(Kubernetes.container().get("securityContext"));
    assertEquals(false, sc.get("privileged"));
    assertEquals(false, sc.get("allowPrivilegeEscalation"));
    assertEquals(true, sc.get("readOnlyRootFilesystem"));
    assertEquals(List.of("ALL"), YamlTree.at(sc, "capabilities", "drop"));
    assertEquals(List.of("DAC_READ_SEARCH"), YamlTree.at(sc, "capabilities", "add"));
    assertEquals("RuntimeDefault", YamlTree.at(pod, "securityContext", "seccompProfile", "type"));
  }

  @Test
  void hostSysAndProcAreMountedReadOnlyAndPassedToTheExporter() {
    for (Map<String, Object> m : YamlTree.maps(Kubernetes.container().get("volumeMounts"))) {
      if (Kubernetes.hostPathsByMountPath().containsKey(YamlTree.string(m.get("mountPath")))) {
        assertEquals(true, m.get("readOnly"), "host mount " + m);
      }
    }
    Map<String, String> mounts = Kubernetes.hostPathsByMountPath();
    List<String> args = Kubernetes.args();
    for (Map.Entry<String, String> flag :
        Map.of("--path.sysfs=", "/sys", "--path.procfs=", "/proc", "--path.rootfs=", "/")
            .entrySet()) {
      String mountPath =
          mounts.entrySet().stream()
              .filter(e -> e.getValue().equals(flag.getValue()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(() -> new AssertionError("host " + flag.getValue() + " not mounted"));
      assertNotEquals(flag.getValue(), mountPath, "under its own path, not over the container's");
      assertTrue(args.contains(flag.getKey() + mountPath), args.toString());
    }
  }

  @Test
  void hostRootFollowsTheHostsMounts() {
    Map<String, String> mounts = Kubernetes.hostPathsByMountPath();
    for (Map<String, Object> m : YamlTree.maps(Kubernetes.container().get("volumeMounts"))) {
      if ("/".equals(mounts.get(YamlTree.string(m.get("mountPath"))))) {
        assertEquals(
            "HostToContainer",
            m.get("mountPropagation"),
            "a file system the host mounts later (a /var of its own) shows in the pod");
        return;
      }
    }
    throw new AssertionError("the host's / is not mounted");
  }

  /**
   * hostPID and hostPath volumes pass only the privileged level of Pod Security admission: the
   * namespace says so, for enforce, audit and warn alike, so that nothing warns of what is needed.
   */
  @Test
  void namespaceAdmitsHostPidAndHostPaths() {
    Map<String, Object> ns = Kubernetes.manifest("namespace.yaml");
    assertEquals("Namespace", ns.get("kind"));
    assertEquals(
        YamlTree.at(Kubernetes.manifest("daemonset.yaml"), "metadata", "namespace"),
        YamlTree.at(ns, "metadata", "name"));
    Map<String, Object> labels = YamlTree.map(YamlTree.at(ns, "metadata", "labels"));
    for (String mode : List.of("enforce", "audit", "warn")) {
      assertEquals("privileged", labels.get("pod-security.kubernetes.io/" + mode), mode);
      assertEquals("latest", labels.get("pod-security.kubernetes.io/" + mode + "-version"), mode);
    }
  }

  /** scripts/image.sh tags the image with the pom's version; the DaemonSet names that tag. */
  @Test
  void imageIsTheOneImageShBuilds() throws Exception {
    String version =
        Files.readAllLines(Project.dir().resolve("pom.xml")).stream()
            .filter(l -> l.startsWith("  <version>"))
            .findFirst()
            .orElseThrow()
            .replaceAll("\\s*</?version>", "");
    assertEquals("livepatch-exporter:" + version, Kubernetes.container().get("image"));
  }

  /**
   * The image has rpm but no zypper or dnf: the ConfigMap turns the update check off, so that
   * LivepatchUpdateStatusUnknown does not fire for every node, and the exporter reads it.
   */
  @Test
  void configMapIsTheExportersConfigFile() throws Exception {
    Map<String, Object> cm = Kubernetes.manifest("configmap.yaml");
    String file =
        Kubernetes.args().stream()
            .filter(a -> a.startsWith("--config.file="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no --config.file in " + Kubernetes.args()))
            .substring("--config.file=".length());
    String dir = Kubernetes.mountPath("config");
    assertEquals(dir + "/", file.substring(0, file.lastIndexOf('/') + 1));
    String key = file.substring(file.lastIndexOf('/') + 1);
    String yaml = YamlTree.string(YamlTree.at(cm, "data", key));
    assertEquals(
        false, YamlTree.at(YamlTree.parse(yaml), "collectors", "packages", "check_updates"));
    assertFalse(ExporterConfig.parse(key, yaml, AllCollectors.configKeys()).checkUpdates());
    boolean volume =
        YamlTree.maps(Kubernetes.podSpec().get("volumes")).stream()
            .anyMatch(
                v ->
                    "config".equals(v.get("name"))
                        && YamlTree.at(cm, "metadata", "name")
                            .equals(YamlTree.at(v, "configMap", "name")));
    assertTrue(volume, "the config volume is the ConfigMap");
  }

  @Test
  void serviceAndServiceMonitorFindThePods() {
    Map<String, Object> ds = Kubernetes.manifest("daemonset.yaml");
    Map<String, Object> svc = Kubernetes.manifest("service.yaml");
    Map<String, Object> sm = Kubernetes.manifest("servicemonitor.yaml");
    Map<String, Object> podLabels =
        YamlTree.map(YamlTree.at(ds, "spec", "template", "metadata", "labels"));
    assertTrue(
        podLabels
            .entrySet()
            .containsAll(
                YamlTree.map(YamlTree.at(ds, "spec", "selector", "matchLabels")).entrySet()));
    assertTrue(
        podLabels
            .entrySet()
            .containsAll(YamlTree.map(YamlTree.at(svc, "spec", "selector")).entrySet()),
        "the Service selects the pods");
    assertTrue(
        YamlTree.map(YamlTree.at(svc, "metadata", "labels"))
            .entrySet()
            .containsAll(
                YamlTree.map(YamlTree.at(sm, "spec", "selector", "matchLabels")).entrySet()),
        "the ServiceMonitor selects the Service");
    Map<String, Object> port = YamlTree.maps(YamlTree.at(svc, "spec", "ports")).get(0);
    Map<String, Object> containerPort = YamlTree.maps(Kubernetes.container().get("ports")).get(0);
    assertEquals(containerPort.get("name"), port.get("targetPort"));
    assertTrue(
        Kubernetes.args().contains("--web.listen-address=:" + containerPort.get("containerPort")));
    Map<String, Object> endpoint = YamlTree.maps(YamlTree.at(sm, "spec", "endpoints")).get(0);
    assertEquals(port.get("name"), endpoint.get("port"));
    String ns = String.valueOf(YamlTree.at(ds, "metadata", "namespace"));
    for (Map<String, Object> m :
        List.of(
            svc,
            sm,
            Kubernetes.manifest("prometheusrule.yaml"),
            Kubernetes.manifest("configmap.yaml"))) {
      assertEquals(ns, YamlTree.at(m, "metadata", "namespace"));
    }
    assertEquals(List.of(ns), YamlTree.at(sm, "spec", "namespaceSelector", "matchNames"));
    List<String> relabel = new ArrayList<>();
    for (Map<String, Object> r : YamlTree.maps(endpoint.get("relabelings"))) {
      relabel.add(
          r.get("targetLabel") + "=" + r.getOrDefault("replacement", r.get("sourceLabels")));
    }
    assertEquals(
        List.of("job=livepatch", "instance=[__meta_kubernetes_pod_node_name]"),
        relabel,
        "the job the alerts select; hosts named by node");
    // The same series dropped as the shipped prometheus.yml drops (AlertingIT runs that one).
    Map<String, Object> prom =
        YamlTree.map(YamlTree.load(Project.dir().resolve("deploy/prometheus/prometheus.yml")));
    Map<String, Object> drop =
        YamlTree.maps(
                YamlTree.maps(prom.get("scrape_configs")).get(0).get("metric_relabel_configs"))
            .get(0);
    Map<String, Object> ours = YamlTree.maps(endpoint.get("metricRelabelings")).get(0);
    assertEquals(drop.get("source_labels"), ours.get("sourceLabels"));
    assertEquals(drop.get("regex"), ours.get("regex"));
    assertEquals(drop.get("action"), ours.get("action"));
  }

  @Test
  void kustomizationListsEveryManifest() throws Exception {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> s = Files.list(Kubernetes.DIR)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(files::add);
    }
    assertEquals(
        files,
        new TreeSet<>(YamlTree.list(Kubernetes.manifest("kustomization.yaml").get("resources"))));
  }
}
