package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The container image, as {@code scripts/image.sh} builds it from the jar in target/ (failsafe runs
 * after {@code package}): built once per test JVM, on first use, as {@link Packages} builds the
 * packages. The script fetches Debian's packages and runs jlink, hence minutes, not one.
 */
public final class Image {
  private static Path archive;

  private Image() {}

  /** target/packages/livepatch-exporter-VERSION.oci.tar of this checkout. */
  public static synchronized Path archive() {
    if (archive == null) {
      archive = build();
    }
    return archive;
  }

  /** The image's version and tag: the jar's, which is the pom's. */
  public static String version() {
    Path jar = Project.dir().resolve("target/livepatch-exporter.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " missing: run 'mvn verify', which packages first");
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path build() {
    String name = "livepatch-exporter-" + version() + ".oci.tar";
    Command.Result r;
    try {
      r =
          Command.run(
              List.of(Project.dir().resolve("scripts/image.sh").toString()),
              Map.of(),
              Duration.ofMinutes(5));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String expected = "image.sh: wrote target/packages/" + name + "\n";
    if (r.exit() != 0 || !r.out().equals(expected)) {
      throw new AssertionError(
          "scripts/image.sh exited "
              + r.exit()
              + ", expected to print\n"
              + expected
              + "but printed\n"
              + r.both());
    }
    return Project.dir().resolve("target/packages").resolve(name);
  }
}
