package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Debian 12 system to install .deb files into with its own dpkg: a fresh copy of the root that
 * scripts/install-test-tools.sh makes once with mmdebstrap (systemd, a Java 17 runtime, zypper and
 * rpm; see src/test/deb/debian-root.sh), in a temporary directory. Commands run chrooted, in new
 * mount and PID namespaces with a /proc of their own, so maintainer scripts meet the root's
 * systemd-sysusers, deb-systemd-helper and java. No systemd runs there, as in an image build.
 */
public final class DebianRoot implements AutoCloseable {
  public final Path root;

  private DebianRoot(Path root) {
    this.root = root;
  }

  /**
   * The cached root: {@code ${XDG_CACHE_HOME:-$HOME/.cache}/livepatch-exporter/debian-root/}, the
   * directory its file {@code current} names.
   */
  public static Path cached() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg != null && !xdg.isEmpty()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache"))
            .resolve("livepatch-exporter/debian-root");
    try {
      Path dir = cache.resolve(Files.readString(cache.resolve("current")).strip());
      if (Files.isRegularFile(dir.resolve("complete"))) {
        return dir.resolve("root");
      }
    } catch (IOException e) {
      // not made yet
    }
    throw new AssertionError(
        cache
            + ": no Debian root: run scripts/install-test-tools.sh (it makes it with mmdebstrap,"
            + " Debian package mmdebstrap)");
  }

  /** A copy of the cached root in {@code dir}/root. */
  public static DebianRoot copy(Path dir) throws Exception {
    Path root = dir.resolve("root");
    Command.run(
            List.of(
                Tools.find("cp", "coreutils").toString(),
                "-a",
                cached().toString(),
                root.toString()))
        .ok();
    return new DebianRoot(root);
  }

  /**
   * Deletes the root. rm, not JUnit's @TempDir, because a Debian root holds hundreds of absolute
   * links, each of which JUnit would warn about; rm never follows them either.
   */
  @Override
  public void close() throws IOException {
    try {
      Command.run(List.of(Tools.find("rm", "coreutils").toString(), "-rf", root.toString())).ok();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting " + root, e);
    }
  }

  /** Copies {@code file} into the root's /tmp and returns its path there. */
  public String copyIn(Path file) throws Exception {
    Files.copy(
        file, root.resolve("tmp").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    return "/tmp/" + file.getFileName();
  }

  /** {@code args} in the root, with root's usual PATH and nothing else of this environment. */
  public Command.Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** {@code args} in the root, with {@code env} added to a clean environment. */
  public Command.Result run(Map<String, String> env, String... args) throws Exception {
    Map<String, String> clean = new TreeMap<>(env);
    clean.putIfAbsent("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    clean.putIfAbsent("LC_ALL", "C.UTF-8");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.find("unshare", "util-linux").toString(),
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + root.resolve("proc"),
                Tools.find("chroot", "coreutils").toString(),
                root.toString(),
                "/usr/bin/env",
                "-i"));
    clean.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }

  /**
   * A package holding only {@code files} (path in the root → content), built with dpkg-deb in
   * {@code work}.
   */
  public static Path stubDeb(Path work, String name, Map<String, String> files) throws Exception {
    Path tree = Files.createDirectories(work.resolve("stub-" + name));
    Files.writeString(
        Files.createDirectories(tree.resolve("DEBIAN")).resolve("control"),
        "Package: "
            + name
            + "\nVersion: 1\nArchitecture: all\nMaintainer: Tests <tests@example.org>\n"
            + "Description: stub "
            + name
            + " for tests\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = tree.resolve(f.getKey().substring(1));
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    Path deb = work.resolve(name + "_1_all.deb");

    Command.run(
            List.of(
                Tools.find("dpkg-deb", "dpkg").toString(),
                "--root-owner-group",
                "--build",
                tree.toString(),
                deb.toString()))
        .ok();
    return deb;
  }
}
