package io.github.livepatchexporter.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected outputs committed under {@code src/test/resources/golden/}. With {@code UPDATE_GOLDEN=1}
 * in the environment the files are rewritten instead of compared; review the diff like code.
 */
public final class Golden {
  private Golden() {}

  public static boolean updating() {
    return "1".equals(System.getenv("UPDATE_GOLDEN"));
  }

  /** A /metrics body without what differs from run to run: durations, the JVM's version, git. */
  public static String normalizeMetrics(String body) {
    return body.replaceAll(
            "(livepatch_scrape_collector_duration_seconds\\{[^}]*\\}) .*", "$1 <duration>")
        .replaceAll("javaversion=\"[^\"]*\"", "javaversion=\"<java>\"")
        .replaceAll("revision=\"[^\"]*\"", "revision=\"<revision>\"")
        .replaceAll("branch=\"[^\"]*\"", "branch=\"<branch>\"");
  }

  public static void assertMatches(String name, String actual) {
    Path file = Project.dir().resolve("src/test/resources/golden").resolve(name);
    try {
      if (updating()) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError("missing golden file " + file + " (run with UPDATE_GOLDEN=1)");
      }
      assertEquals(
          Files.readString(file, StandardCharsets.UTF_8),
          actual,
          "output differs from " + file + " (UPDATE_GOLDEN=1 rewrites it)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
