package io.github.livepatchexporter.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project directory, wherever Maven runs the tests from. */
public final class Project {
  private Project() {}

  public static Path dir() {
    String basedir = System.getProperty("basedir");
    Path p = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.exists(p.resolve("pom.xml"))) {
      throw new IllegalStateException("not the project directory: " + p);
    }
    return p;
  }
}
