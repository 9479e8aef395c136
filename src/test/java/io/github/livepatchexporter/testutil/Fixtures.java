package io.github.livepatchexporter.testutil;

import io.github.livepatchexporter.kernel.Roots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed fixture trees under {@code src/test/resources/fixtures/<scenario>/{sys,proc}}.
 * Tests read a copy, without the {@code .gitkeep} files that stand in for git's missing empty
 * directories, so a test may change its copy and the tree matches the kernel's layout exactly.
 */
public final class Fixtures {
  public static final List<String> SCENARIOS =
      List.of(
          "no-livepatch-support",
          "none-loaded",
          "one-enabled",
          "replace-stack",
          "replaced-module-loaded",
          "patching-stalled",
          "unpatching-stalled",
          "reversed-transition",
          "idle-blocked",
          "kgraft-legacy",
          "old-kernel-no-transition-file",
          "vanished-task");

  private Fixtures() {}

  public static Path source(String scenario) {
    Path p = Project.dir().resolve("src/test/resources/fixtures").resolve(scenario);
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException("no fixture " + p);
    }
    return p;
  }

  /** Copies the scenario into {@code dir} and returns the copy's root (holding sys/ and proc/). */
  public static Path copy(String scenario, Path dir) {
    Path src = source(scenario);
    Path dst = dir.resolve(scenario);
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(".gitkeep")) {
          Files.copy(p, target);
        }
      }
      Files.createDirectories(dst.resolve("sys"));
      Files.createDirectories(dst.resolve("proc"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  public static Roots roots(Path root) {
    return new Roots(root.resolve("sys"), root.resolve("proc"), root.resolve("rootfs"));
  }

  /** {@link #roots} as the command line takes them, in the {@code --path.*=} form scripts use. */
  public static List<String> rootArgs(Path root) {
    Roots r = roots(root);
    return List.of(
        "--path.sysfs=" + r.sysfs(), "--path.procfs=" + r.procfs(), "--path.rootfs=" + r.rootfs());
  }

  /** {@link #rootArgs} followed by {@code args}: a command line on the fixture. */
  public static String[] on(Path root, String... args) {
    List<String> a = new ArrayList<>(rootArgs(root));
    a.addAll(List.of(args));
    return a.toArray(String[]::new);
  }

  /** The read options of that name ({@code STATUS}, {@code ALL}…), for tables. */
  public static io.github.livepatchexporter.kernel.ReadOptions readOptions(String name) {
    return switch (name) {
      case "STATUS" -> io.github.livepatchexporter.kernel.ReadOptions.STATUS;
      case "PATCHES" -> io.github.livepatchexporter.kernel.ReadOptions.PATCHES;
      case "BLOCKING" -> io.github.livepatchexporter.kernel.ReadOptions.BLOCKING;
      case "BLOCKING_STACKS" -> io.github.livepatchexporter.kernel.ReadOptions.BLOCKING_STACKS;
      case "ALL" -> io.github.livepatchexporter.kernel.ReadOptions.ALL;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
