package io.github.livepatchexporter.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Finds the real programs the tests use: in {@code .tools/usr/bin} (unpacked there by {@code
 * scripts/install-test-tools.sh}) or on the PATH. A missing one fails the test with the fix.
 */
public final class Tools {
  private Tools() {}

  /** promtool, from the Debian package prometheus. */
  public static String promtool() {
    return find("promtool", "prometheus").toString();
  }

  /** {@code promtool check metrics} accepts {@code body}: names, units, HELP and TYPE. */
  public static void assertPromtoolAccepts(String body) throws IOException, InterruptedException {
    Command.Result r =
        Command.of(promtool(), "check", "metrics")
            .stdin(body)
            .timeout(Duration.ofSeconds(30))
            .run();
    if (r.exit() != 0) {
      throw new AssertionError("promtool check metrics: exit " + r.exit() + "\n" + r.both());
    }
  }

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
