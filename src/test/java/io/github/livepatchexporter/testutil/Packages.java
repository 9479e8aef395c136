package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The RPM and deb packages, as {@code scripts/package.sh} builds them from the jar in target/
 * (failsafe runs after {@code package}): built once per test JVM, on first use, so that every test
 * that installs one gets the same files.
 */
public final class Packages {
  /** The four files of one build of scripts/package.sh. */
  public record Built(Path rpm, Path klpRpm, Path deb, Path klpDeb) {}

  private static Built current;
  private static Built nextRelease;

  private Packages() {}

  public static Path rpm() {
    return current().rpm();
  }

  public static Path klpRpm() {
    return current().klpRpm();
  }

  public static Path deb() {
    return current().deb();
  }

  public static Path klpDeb() {
    return current().klpDeb();
  }

  /** Release 1 of this checkout. */
  public static synchronized Built current() {
    if (current == null) {
      current = build(Project.dir(), "1");
    }
    return current;
  }

  /**
   * Release 2 of the same version, whose default environment file has one more line: an upgrade
   * that changes a configuration file. Built from a copy of the project under target/.
   */
  public static synchronized Built nextRelease() {
    if (nextRelease == null) {
      Path copy = Project.dir().resolve("target/packages-next-release");
      try {
        copyProject(copy);
        Files.writeString(
            copy.resolve("deploy/systemd/livepatch-exporter.env"),
            "# A line that release 2 adds.\n",
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      nextRelease = build(copy, "2");
    }
    return nextRelease;
  }

  /** The packages' version: the jar's, with '-' as '~', as package.sh makes it of the pom's. */
  public static String version() {
    try (JarFile jar = new JarFile(jar().toFile())) {
      return jar.getManifest()
          .getMainAttributes()
          .getValue("Implementation-Version")
          .replace('-', '~');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jar() {
    Path jar = Project.dir().resolve("target/livepatch-exporter.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " missing: run 'mvn verify', which packages first");
    }
    return jar;
  }

  private static Built build(Path project, String release) {
    String v = version() + "-" + release;
    Path out = project.resolve("target/packages");
    Built b =
        new Built(
            out.resolve("livepatch-exporter-" + v + ".noarch.rpm"),
            out.resolve("livepatch-exporter-klp-" + v + ".noarch.rpm"),
            out.resolve("livepatch-exporter_" + v + "_all.deb"),
            out.resolve("livepatch-exporter-klp_" + v + "_all.deb"));
    Command.Result r;
    try {
      r =
          Command.run(
              List.of(project.resolve("scripts/package.sh").toString()),
              Map.of("PACKAGE_RELEASE", release));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    StringBuilder expected = new StringBuilder();
    for (Path p : List.of(b.rpm(), b.klpRpm(), b.deb(), b.klpDeb())) {
      expected.append("package.sh: wrote target/packages/").append(p.getFileName()).append('\n');
    }
    if (r.exit() != 0 || !r.out().equals(expected.toString())) {
      throw new AssertionError(
          "scripts/package.sh (PACKAGE_RELEASE="
              + release
              + ") exited "
              + r.exit()
              + ", expected to print\n"
              + expected
              + "but printed\n"
              + r.both());
    }
    return b;
  }

  /** The project's files but build output and tools, and the jar, with their modes and times. */
  private static void copyProject(Path copy) throws IOException {
    Path dir = Project.dir();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = dir.relativize(p);
        String top = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
        if (top.equals("target") || top.startsWith(".")) {
          continue;
        }
        Path target = copy.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path jar = Files.createDirectories(copy.resolve("target")).resolve("livepatch-exporter.jar");
    Files.copy(jar(), jar, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
  }
}
