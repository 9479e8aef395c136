package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.UpdateCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The enabled repositories of a package manager and how old their cached metadata is, read from its
 * files without running it. Both keep INI files, one section per repository id ({@code
 * enabled=0|1}, enabled when absent):
 *
 * <ul>
 *   <li>zypper: {@code /etc/zypp/repos.d/*.repo}; the cache {@code /var/cache/zypp/raw/<alias>/},
 *       whose index file libzypp touches at every refresh, also when the metadata did not change:
 *       {@code repodata/repomd.xml} (rpm-md), {@code content} (SUSE tags) or {@code cookie} (plain
 *       directories);
 *   <li>dnf: {@code /etc/yum.repos.d/*.repo}; the cache {@code /var/cache/dnf/<id>-<16 hex>/} (dnf
 *       4) or {@code /var/cache/libdnf5/<id>-<16 hex>/} (dnf 5), whose {@code repodata/} files
 *       librepo writes and dnf touches when it finds them unchanged: the newest is the last
 *       refresh.
 * </ul>
 */
public final class Repositories {
  static final List<String> ZYPPER_INDEX_FILES =
      List.of("repodata/repomd.xml", "content", "cookie");
  static final List<String> DNF_CACHES = List.of("var/cache/dnf", "var/cache/libdnf5");
  static final Pattern DNF_CACHE_DIR = Pattern.compile("-[0-9a-f]{16}");

  private Repositories() {}

  public static List<UpdateCheck.Repository> zypper(Path rootfs) {
    return read(rootfs.resolve("etc/zypp/repos.d"), rootfs, Repositories::zypperRefreshed);
  }

  public static List<UpdateCheck.Repository> dnf(Path rootfs) {
    return read(rootfs.resolve("etc/yum.repos.d"), rootfs, Repositories::dnfRefreshed);
  }

  private static List<UpdateCheck.Repository> read(
      Path dir, Path rootfs, BiFunction<Path, String, Optional<Instant>> refreshed) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".repo")).sorted().toList();
    } catch (IOException e) {
      return List.of(); // not configured: no repositories
    }
    List<UpdateCheck.Repository> out = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue; // the package manager cannot read it either, and skips it
      }
      for (String id : enabledIds(text)) {
        out.add(
            new UpdateCheck.Repository(
                id, safe(id) ? refreshed.apply(rootfs, id) : Optional.empty()));
      }
    }
    return out;
  }

  /** The ids of the enabled sections of a {@code .repo} file; enabled unless it says 0. */
  static List<String> enabledIds(String repoFile) {
    List<String> out = new ArrayList<>();
    String id = null;
    boolean enabled = true;
    for (String raw : repoFile.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]") && line.length() > 2) {
        if (id != null && enabled) {
          out.add(id);
        }
        id = line.substring(1, line.length() - 1).strip();
        enabled = true;
      } else if (id != null && !line.startsWith("#") && !line.startsWith(";")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).strip().equals("enabled")) {
          enabled = !line.substring(eq + 1).strip().equals("0");
        }
      }
    }
    if (id != null && enabled) {
      out.add(id);
    }
    return out;
  }

  /** An id usable as a directory name: no way out of the cache directory. */
  private static boolean safe(String id) {
    return !id.isEmpty() && !id.contains("/") && !id.equals("..") && !id.equals(".");
  }

  private static Optional<Instant> zypperRefreshed(Path rootfs, String alias) {
    Path raw = rootfs.resolve("var/cache/zypp/raw").resolve(alias);
    for (String index : ZYPPER_INDEX_FILES) {
      try {
        return Optional.of(Files.getLastModifiedTime(raw.resolve(index)).toInstant());
      } catch (IOException e) {
        // not this kind of repository, or never refreshed
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> dnfRefreshed(Path rootfs, String id) {
    Optional<Instant> newest = Optional.empty();
    for (String cache : DNF_CACHES) {
      try (Stream<Path> dirs = Files.list(rootfs.resolve(cache))) {
        for (Path d : dirs.toList()) {
          String name = d.getFileName().toString();
          if (name.startsWith(id) && DNF_CACHE_DIR.matcher(name.substring(id.length())).matches()) {
            newest = max(newest, newestFile(d.resolve("repodata")));
          }
        }
      } catch (IOException e) {
        // no cache of this dnf
      }
    }
    return newest;
  }

  private static Optional<Instant> newestFile(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(Repositories::mtime)
          .flatMap(Optional::stream)
          .max(Instant::compareTo);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> mtime(Path p) {
    try {
      FileTime t = Files.getLastModifiedTime(p);
      return Optional.of(t.toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> max(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
  }
}
