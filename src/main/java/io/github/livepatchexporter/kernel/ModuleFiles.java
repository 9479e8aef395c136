package io.github.livepatchexporter.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the file of a loaded module under {@code <rootfs>/lib/modules/<release>/}: first in {@code
 * modules.dep} (written by depmod), then in the directories live patch packages install into
 * ({@code livepatch/} on SUSE, {@code updates/}, {@code extra/}, {@code weak-updates/}). The module
 * name is the file's base name without {@code .ko[.xz|.zst|.gz]}, with {@code -} read as {@code _}.
 */
public final class ModuleFiles {
  static final List<String> DIRS = List.of("livepatch", "updates", "extra", "weak-updates");

  private ModuleFiles() {}

  /** Module name to its path as seen inside the root (absolute, for {@code rpm --root}). */
  public static Map<String, String> find(Path rootfs, String release, List<String> modules) {
    Map<String, String> found = new TreeMap<>();
    Path base = rootfs.resolve("lib/modules").resolve(release);
    if (modules.isEmpty() || !Files.isDirectory(base)) {
      return found;
    }
    try {
      Path dep = base.resolve("modules.dep");
      if (Files.isRegularFile(dep)) {
        for (String line : Files.readAllLines(dep, StandardCharsets.UTF_8)) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            match(line.substring(0, colon), modules, found, release);
          }
        }
      }
      for (String dir : DIRS) {
        Path d = base.resolve(dir);
        if (found.size() == modules.size() || !Files.isDirectory(d)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(d, 4)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            if (Files.isRegularFile(p)) {
              match(base.relativize(p).toString(), modules, found, release);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable module tree only means no package facts: the caller shows none.
    }
    return found;
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

  private static void match(
      String rel, List<String> modules, Map<String, String> found, String release) {
    String file = rel.substring(rel.lastIndexOf('/') + 1);
    moduleName(file)
        .filter(modules::contains)
        .ifPresent(m -> found.putIfAbsent(m, "/lib/modules/" + release + "/" + rel));
  }
}
