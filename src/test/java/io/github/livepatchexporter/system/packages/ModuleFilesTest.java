package io.github.livepatchexporter.system.packages;

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
        "kernel/fs/ext4/ext4.ko.xz: kernel/fs/jbd2/jbd2.ko.xz\nupdates/livepatch-1-1_1.ko.xz:\n"
            + "updates/livepatch-3-1_1.ko:\n");
    Files.createDirectories(base.resolve("updates"));
    Files.writeString(base.resolve("updates/livepatch-1-1_1.ko.xz"), "");
    Files.createDirectories(base.resolve("livepatch"));
    Files.writeString(base.resolve("livepatch/livepatch-2-1_1.ko"), "");
    assertEquals(
        Map.of(
            "livepatch_1_1_1", List.of("/lib/modules/6.1.0-28-amd64/updates/livepatch-1-1_1.ko.xz"),
            "livepatch_2_1_1", List.of("/lib/modules/6.1.0-28-amd64/livepatch/livepatch-2-1_1.ko")),
        ModuleFiles.find(
            root,
            "6.1.0-28-amd64",
            List.of("livepatch_1_1_1", "livepatch_2_1_1", "livepatch_3_1_1", "absent")),
        "a modules.dep line whose file is gone is no candidate");
    assertEquals(Map.of(), ModuleFiles.find(root, "5.0.0", List.of("livepatch_1_1_1")));
    assertEquals(Map.of(), ModuleFiles.find(root, "../..", List.of("livepatch_1_1_1")));
  }

  /** SLE 12: kgraft-patch packages install into kgraft/, which modules.dep often lacks. */
  @Test
  void sle12KgraftDirectory() throws Exception {
    Path base = Files.createDirectories(root.resolve("lib/modules/4.12.14-122.37-default"));
    Files.writeString(base.resolve("modules.dep"), "kernel/fs/ext4/ext4.ko:\n");
    Files.createDirectories(base.resolve("kgraft"));
    Files.writeString(base.resolve("kgraft/kgraft-patch-5-2_1.ko"), "");
    assertEquals(
        Map.of(
            "kgraft_patch_5_2_1",
            List.of("/lib/modules/4.12.14-122.37-default/kgraft/kgraft-patch-5-2_1.ko")),
        ModuleFiles.find(root, "4.12.14-122.37-default", List.of("kgraft_patch_5_2_1")));
  }

  /** Merged /usr: the real path first (what the package owns), then the one through /lib. */
  @Test
  void mergedUsr() throws Exception {
    Path base = Files.createDirectories(root.resolve("usr/lib/modules/6.4.0-150600.23.7-default"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    Files.createDirectories(base.resolve("livepatch"));
    Files.writeString(base.resolve("livepatch/livepatch-2-150600_2_1.ko"), "");
    String rel = "/modules/6.4.0-150600.23.7-default/livepatch/livepatch-2-150600_2_1.ko";
    assertEquals(
        Map.of("livepatch_2_150600_2_1", List.of("/usr/lib" + rel, "/lib" + rel)),
        ModuleFiles.find(root, "6.4.0-150600.23.7-default", List.of("livepatch_2_150600_2_1")));
  }

  /**
   * kpatch: the copy kpatch install made in /var/lib/kpatch (what is loaded at boot, owned by no
   * package) first, then the RPM's file in /usr/lib/kpatch.
   */
  @Test
  void kpatchDirectories() throws Exception {
    String release = "5.14.0-362.8.1.el9_3.x86_64";
    String file = "kpatch-5_14_0-362_8_1-1-1.ko";
    for (String dir : List.of("usr/lib/kpatch/", "var/lib/kpatch/")) {
      Files.writeString(Files.createDirectories(root.resolve(dir + release)).resolve(file), "");
    }
    assertEquals(
        Map.of(
            "kpatch_5_14_0_362_8_1_1_1",
            List.of(
                "/var/lib/kpatch/" + release + "/" + file,
                "/usr/lib/kpatch/" + release + "/" + file)),
        ModuleFiles.find(root, release, List.of("kpatch_5_14_0_362_8_1_1_1")));
  }
}
