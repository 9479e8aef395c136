package io.github.livepatchexporter.system.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the files of loaded live patch modules where each vendor's packages install them, under the
 * root (README, "Package fields"; sources in vendor-layouts):
 *
 * <ol>
 *   <li>{@code /lib/modules/<release>/} and {@code /usr/lib/modules/<release>/} (merged /usr: SLE
 *       16, RHEL 9, Debian 12): first through {@code modules.dep} (depmod), then in the directories
 *       live patch packages install into: {@code livepatch/} (SLE 15, {@code
 *       INSTALL_MOD_DIR=livepatch}), {@code kgraft/} (SLE 12, {@code INSTALL_MOD_DIR=kgraft}, often
 *       not in modules.dep), {@code updates/}, {@code extra/}, {@code weak-updates/};
 *   <li>kpatch's {@code /var/lib/kpatch/<release>/} (where {@code kpatch install} copies a module
 *       and whence kpatch.service loads it at boot; no package owns the copy) and {@code
 *       /usr/lib/kpatch/<release>/} (where Red Hat's kpatch-patch RPMs install it).
 * </ol>
 *
 * The module name is the file's base name without {@code .ko[.xz|.zst|.gz]}, with {@code -} read as
 * {@code _}. A module can be in several places: each is a candidate, in this order, spelled as the
 * package would own it (the real path inside the root first, then the path as found through a link
 * such as {@code /lib -> usr/lib}), so that the caller can ask rpm about each until one is owned.
 */
public final class ModuleFiles {
  static final List<String> MODULE_TREES = List.of("lib/modules/", "usr/lib/modules/");
  static final List<String> DIRS =
      List.of("livepatch", "kgraft", "updates", "extra", "weak-updates");
  static final List<String> KPATCH_DIRS = List.of("var/lib/kpatch/", "usr/lib/kpatch/");

  private ModuleFiles() {}

  /**
   * Module name to its candidate files, as absolute paths inside the root (for {@code rpm --root}),
   * for the modules found; best candidate first.
   */
  public static Map<String, List<String>> find(Path rootfs, String release, List<String> modules) {
    Map<String, Set<String>> found = new LinkedHashMap<>();
    if (modules.isEmpty() || release.contains("/") || release.startsWith(".")) {
      return Map.of();
    }
    for (String tree : MODULE_TREES) {
      Path base = rootfs.resolve(tree + release);
      try {
        Path dep = base.resolve("modules.dep");
        if (Files.isRegularFile(dep)) {
          for (String line : Files.readAllLines(dep, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
              add(rootfs, base.resolve(line.substring(0, colon)), modules, found);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // an unreadable modules.dep: the directories below still tell
      }
      for (String dir : DIRS) {
        walk(rootfs, base.resolve(dir), 4, modules, found);
      }
    }
    for (String dir : KPATCH_DIRS) {
      walk(rootfs, rootfs.resolve(dir + release), 1, modules, found);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    found.forEach((m, files) -> out.put(m, List.copyOf(files)));
    return out;
  }

  /** The module name of a file name, or empty when it is not a kernel module. */
  public static Optional<String> moduleName(String fileName) {
    for (String ext : List.of(".ko", ".ko.xz", ".ko.zst", ".ko.gz")) {
      if (fileName.endsWith(ext) && fileName.length() > ext.length()) {
        return Optional.of(
            fileName.substring(0, fileName.length() - ext.length()).replace('-', '_'));
      }
    }
    return Optional.empty();
  }

  private static void walk(
      Path rootfs, Path dir, int depth, List<String> modules, Map<String, Set<String>> found) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir, depth)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          add(rootfs, p, modules, found);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable directory only means fewer candidates
    }
  }

  private static void add(
      Path rootfs, Path file, List<String> modules, Map<String, Set<String>> found) {
    Optional<String> name = moduleName(file.getFileName().toString()).filter(modules::contains);
    if (name.isEmpty() || !Files.isRegularFile(file)) {
      return;
    }
    Set<String> files = found.computeIfAbsent(name.get(), m -> new LinkedHashSet<>());
    inside(rootfs, real(rootfs, file)).ifPresent(files::add);
    inside(rootfs, file.normalize()).ifPresent(files::add);
  }

  /** The file with every link resolved, as the root sees them (absolute links point into it). */
  private static Path real(Path rootfs, Path file) {
    try {
      Path root = rootfs.toRealPath();
      Path real = file.toRealPath();
      // A link that leaves the root (an absolute one, read from outside it) is not followed.
      return real.startsWith(root) ? rootfs.resolve(root.relativize(real)) : file.normalize();
    } catch (IOException e) {
      return file.normalize();
    }
  }

  private static Optional<String> inside(Path rootfs, Path file) {
    Path root = rootfs.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(root) ? Optional.of("/" + root.relativize(f)) : Optional.empty();
  }
}
