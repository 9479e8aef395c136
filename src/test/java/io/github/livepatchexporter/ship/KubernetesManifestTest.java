package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * privilege, passes its mounts to the exporter, and the Service, ServiceMonitor and kustomization
 * fit together.
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
        Map.of("--path.sysfs=", "/sys", "--path.procfs=", "/proc").entrySet()) {
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
    for (Map<String, Object> m : List.of(svc, sm, Kubernetes.manifest("prometheusrule.yaml"))) {
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
