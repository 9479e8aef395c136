package io.github.livepatchexporter.ship;

import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The manifests under deploy/kubernetes, read as YAML. */
final class Kubernetes {
  static final Path DIR = Project.dir().resolve("deploy/kubernetes");

  private Kubernetes() {}

  static Map<String, Object> manifest(String file) {
    return YamlTree.map(YamlTree.load(DIR.resolve(file)));
  }

  static Map<String, Object> podSpec() {
    return YamlTree.map(YamlTree.at(manifest("daemonset.yaml"), "spec", "template", "spec"));
  }

  static Map<String, Object> container() {
    return YamlTree.maps(podSpec().get("containers")).get(0);
  }

  static List<String> args() {
    return YamlTree.list(container().get("args")).stream().map(String::valueOf).toList();
  }

  /** Where the container mounts the volume {@code name}. */
  static String mountPath(String name) {
    return YamlTree.maps(container().get("volumeMounts")).stream()
        .filter(m -> name.equals(m.get("name")))
        .map(m -> YamlTree.string(m.get("mountPath")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("volume " + name + " is not mounted"));
  }

  /** The host path mounted at each of the container's mount paths. */
  static Map<String, String> hostPathsByMountPath() {
    Map<String, String> hostPaths = new TreeMap<>();
    for (Map<String, Object> v : YamlTree.maps(podSpec().get("volumes"))) {
      if (v.containsKey("hostPath")) {
        hostPaths.put(
            YamlTree.string(v.get("name")), YamlTree.string(YamlTree.at(v, "hostPath", "path")));
      }
    }
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> m : YamlTree.maps(container().get("volumeMounts"))) {
      String host = hostPaths.get(YamlTree.string(m.get("name")));
      if (host != null) {
        out.put(YamlTree.string(m.get("mountPath")), host);
      }
    }
    return out;
  }
}
