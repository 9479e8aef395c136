package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/prometheusrule.yaml is what its generator makes of alerts/ today. */
class PrometheusRuleTest {
  static final Path FILE = Kubernetes.DIR.resolve("prometheusrule.yaml");

  @Test
  void committedFileMatchesTheGenerator() throws Exception {
    Command.Result r =
        Command.run(
            List.of(Project.dir().resolve("scripts/generate-prometheusrule.sh").toString()));
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        r.out(),
        Files.readString(FILE),
        "alerts/ changed: run scripts/generate-prometheusrule.sh > deploy/kubernetes/prometheusrule.yaml");
  }

  @Test
  void holdsExactlyTheGroupsOfAlerts() {
    List<Object> groups = new ArrayList<>();
    for (Path f : ShippedRules.RULE_FILES) {
      groups.addAll(YamlTree.list(YamlTree.at(YamlTree.load(f), "groups")));
    }
    Object manifest = YamlTree.load(FILE);
    assertEquals("PrometheusRule", YamlTree.at(manifest, "kind"));
    assertEquals("monitoring.coreos.com/v1", YamlTree.at(manifest, "apiVersion"));
    assertEquals(groups, YamlTree.at(manifest, "spec", "groups"));
  }
}
