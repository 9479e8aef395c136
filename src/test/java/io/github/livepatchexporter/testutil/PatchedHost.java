package io.github.livepatchexporter.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one-enabled fixture with its patch renamed to what a package ships, and its kernel release
 * set to the package's.
 */
public final class PatchedHost {
  private PatchedHost() {}

  /** Patch {@code livepatch_N_1_1}, as version N of {@link RpmRepo#SLE15} ships it. */
  public static Path create(Path dir, int version) throws IOException {
    return create(dir, RpmRepo.SLE15, version);
  }

  /** The active patch of version N of {@code layout}, on its kernel. */
  public static Path create(Path dir, RpmRepo.Layout layout, int version) throws IOException {
    Path root = Fixtures.copy("one-enabled", dir);
    rename(root, "livepatch_1_1_1", layout.module(version));
    Files.writeString(root.resolve("proc/sys/kernel/osrelease"), layout.kernel() + "\n");
    return root;
  }

  /**
   * {@code body} holds the package facts of version 2 of {@link RpmRepo#SLE15} with lifecycle data
   * ending 2027-06-30: its CVE fixed, its end of support, and a successful package collector.
   */
  public static void assertFactsOfVersion2(String body) {
    assertEquals(
        Optional.of(1.0),
        PromText.value(body, "livepatch_cve_fixed", "cve", "CVE-2026-1111"),
        body);
    assertEquals(
        Optional.of(1.8143136E9),
        PromText.value(
            body, "livepatch_patch_expiry_timestamp_seconds", "patch", "livepatch_2_1_1"),
        body);
    assertEquals(
        Optional.of(1.0),
        PromText.value(body, "livepatch_scrape_collector_success", "collector", "packages"),
        body);
  }

  /** Moves the patch's sysfs and module directories to another name (an upgrade or downgrade). */
  public static void rename(Path root, String from, String to) throws IOException {
    for (String dir : new String[] {"sys/kernel/livepatch/", "sys/module/"}) {
      Files.move(root.resolve(dir + from), root.resolve(dir + to));
    }
  }
}
