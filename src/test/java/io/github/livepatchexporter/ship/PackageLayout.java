package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where the packages put the project's files, derived from the checkout (a new dashboard or runbook
 * is expected in the packages too), and the check of a package's file list against it.
 */
final class PackageLayout {
  static final String SHARE = "/usr/share/livepatch-exporter/";
  static final Set<String> EXECUTABLES =
      Set.of(
          SHARE + "bin/livepatch-exporter",
          SHARE + "bin/klp",
          SHARE + "bin/kgr",
          SHARE + "cli-archive.sh");

  /** The class-data archive, written at install time; the RPM owns it as a %ghost. */
  static final String ARCHIVE = SHARE + "livepatch-exporter-cli.jsa";

  /** One entry of a package's file list: mode as ls shows it, owner:group, link target or "". */
  record Entry(String mode, String owner, String link) {}

  /** The files of the -klp package besides its links. */
  static final Set<String> KLP_FILES =
      Set.of(
          "/usr/share/man/man8/klp.8.gz",
          "/usr/share/man/man8/kgr.8.gz",
          "/usr/share/bash-completion/completions/klp",
          "/usr/share/bash-completion/completions/kgr");

  private PackageLayout() {}

  /** The files of the main package that both families install at the same paths. */
  static Set<String> common() {
    Set<String> s = new TreeSet<>(EXECUTABLES);
    s.add(SHARE + "bin/livepatch-exporter.sh");
    s.add(SHARE + "livepatch-exporter.jar");
    for (String f : list("deploy/prometheus", ".yml")) {
      s.add(SHARE + "examples/" + f);
    }
    s.add(SHARE + "examples/alertmanager.yml");
    for (String f : list("alerts", ".yaml")) {
      s.add(SHARE + "alerts/" + f);
    }
    for (String f : list("grafana", ".json")) {
      s.add(SHARE + "grafana/" + f);
    }
    s.add("/usr/lib/systemd/system/livepatch-exporter.service");
    s.add("/usr/lib/systemd/system/livepatch-exporter-textfile.service");
    s.add("/usr/lib/systemd/system/livepatch-exporter-textfile.timer");
    s.add("/usr/lib/sysusers.d/livepatch-exporter.conf");
    s.add("/usr/share/man/man1/livepatch-exporter.1.gz");
    s.add("/usr/share/bash-completion/completions/livepatch-exporter");
    return s;
  }

  /** {@code docs/*.md} as they stand in the documentation directory {@code docdir}. */
  static Set<String> docs(String docdir) {
    Set<String> s = new TreeSet<>();
    for (String f : list("docs", ".md")) {
      s.add(docdir + "docs/" + f);
    }
    return s;
  }

  /** The links of the -klp package: /usr/bin/klp and kgr. */
  static Map<String, String> klpLinks() {
    return Map.of(
        "/usr/bin/klp", "../share/livepatch-exporter/bin/klp",
        "/usr/bin/kgr", "../share/livepatch-exporter/bin/kgr");
  }

  /**
   * {@code entries} (path → entry) are exactly {@code files} and {@code links} (path → target)
   * besides directories, all root's, with the modes of a distribution's package.
   */
  static void check(
      String what, Map<String, Entry> entries, Set<String> files, Map<String, String> links) {
    Set<String> expected = new TreeSet<>(files);
    expected.addAll(links.keySet());
    Map<String, Entry> notDirs = new TreeMap<>();
    entries.forEach(
        (path, e) -> {
          assertEquals("root:root", e.owner(), what + ": owner of " + path);
          if (e.mode().startsWith("d")) {
            assertEquals("drwxr-xr-x", e.mode(), what + ": mode of " + path);
          } else {
            notDirs.put(path, e);
          }
        });
    assertEquals(expected, notDirs.keySet(), what + ": files");
    notDirs.forEach(
        (path, e) -> {
          String mode =
              links.containsKey(path)
                  ? "lrwxrwxrwx"
                  : EXECUTABLES.contains(path)
                      ? "-rwxr-xr-x"
                      : path.equals(ARCHIVE) ? "-r--r--r--" : "-rw-r--r--";
          assertEquals(mode, e.mode(), what + ": mode of " + path);
          assertEquals(links.getOrDefault(path, ""), e.link(), what + ": target of " + path);
        });
  }

  /** The names of the files in the checkout's {@code dir} that end in {@code suffix}. */
  private static Set<String> list(String dir, String suffix) {
    try (Stream<Path> files = Files.list(Project.dir().resolve(dir))) {
      Set<String> s = new TreeSet<>();
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).forEach(s::add);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
