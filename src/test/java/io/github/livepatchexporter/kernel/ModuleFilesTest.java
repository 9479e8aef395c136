package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleFilesTest {
  @TempDir Path root;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "livepatch-6-150400_2_2.ko, livepatch_6_150400_2_2",
    "kgraft-patch-2-2_1.ko.xz, kgraft_patch_2_2_1",
    "kpatch-6_1_0-1.ko.zst, kpatch_6_1_0_1",
    "x.ko.gz, x",
  })
  void moduleName(String file, String module) {
    assertEquals(Optional.of(module), ModuleFiles.moduleName(file));
  }

  @Test
  void notModules() {
    assertEquals(Optional.empty(), ModuleFiles.moduleName(".ko"));
    assertEquals(Optional.empty(), ModuleFiles.moduleName("modules.dep"));
  }

  @Test
  void findsThroughModulesDepAndTheLivepatchDirectory() throws Exception {
    Path base = Files.createDirectories(root.resolve("lib/modules/6.1.0-28-amd64"));
    Files.writeString(
        base.resolve("modules.dep"),
        "kernel/fs/ext4/ext4.ko.xz: kernel/fs/jbd2/jbd2.ko.xz\nupdates/livepatch-1-1_1.ko.xz:\n");
    Files.createDirectories(base.resolve("livepatch"));
    Files.writeString(base.resolve("livepatch/livepatch-2-1_1.ko"), "");
    assertEquals(
        Map.of(
            "livepatch_1_1_1", "/lib/modules/6.1.0-28-amd64/updates/livepatch-1-1_1.ko.xz",
            "livepatch_2_1_1", "/lib/modules/6.1.0-28-amd64/livepatch/livepatch-2-1_1.ko"),
        ModuleFiles.find(
            root, "6.1.0-28-amd64", List.of("livepatch_1_1_1", "livepatch_2_1_1", "absent")));
    assertEquals(Map.of(), ModuleFiles.find(root, "5.0.0", List.of("livepatch_1_1_1")));
  }
}
