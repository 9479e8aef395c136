package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one-enabled fixture with its patch renamed to {@code livepatch_N_1_1}, as package N ships.
 */
public final class PatchedHost {
  private PatchedHost() {}

  public static Path create(Path dir, int version) throws IOException {
    Path root = Fixtures.copy("one-enabled", dir);
    rename(root, "livepatch_1_1_1", "livepatch_" + version + "_1_1");
    return root;
  }

  /** Moves the patch's sysfs and module directories to another name (an upgrade or downgrade). */
  public static void rename(Path root, String from, String to) throws IOException {
    for (String dir : new String[] {"sys/kernel/livepatch/", "sys/module/"}) {
      Files.move(root.resolve(dir + from), root.resolve(dir + to));
    }
  }
}
