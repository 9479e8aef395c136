package io.github.livepatchexporter.testutil;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real programs the tests use: in {@code .tools/usr/bin} (unpacked there by {@code
 * scripts/install-test-tools.sh}) or on the PATH. A missing one fails the test with the fix.
 */
public final class Tools {
  private Tools() {}

  public static Path find(String name, String debianPackage) {
    Path unpacked = Project.dir().resolve(".tools/usr/bin").resolve(name);
    if (Files.isExecutable(unpacked)) {
      return unpacked;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir).resolve(name);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        name
            + " not found: run scripts/install-test-tools.sh (it installs the Debian package "
            + debianPackage
            + ")");
  }
}
