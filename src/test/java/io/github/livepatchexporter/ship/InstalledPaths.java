package io.github.livepatchexporter.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a root holds, to compare before a package is installed and after it is erased. */
final class InstalledPaths {
  /** The package manager's own state and logs, and the scratch directories. */
  static final List<String> BOOKKEEPING =
      List.of("var/", "tmp/", "run/", "proc/", "etc/zypp/", "etc/ld.so.cache");

  private InstalledPaths() {}

  /** Every path under {@code root} (directories end in '/'), relative, but the bookkeeping. */
  static Set<String> of(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root))
          .map(
              p ->
                  root.relativize(p)
                      + (Files.isDirectory(p) && !Files.isSymbolicLink(p) ? "/" : ""))
          .filter(p -> BOOKKEEPING.stream().noneMatch(p::startsWith))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The paths in {@code after} but not in {@code before}. */
  static Set<String> added(Set<String> before, Set<String> after) {
    Set<String> s = new TreeSet<>(after);
    s.removeAll(before);
    return s;
  }
}
