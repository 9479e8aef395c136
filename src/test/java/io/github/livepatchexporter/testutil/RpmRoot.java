package io.github.livepatchexporter.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An empty root that the real zypper installs into ({@code zypper --root}) from a local repository
 * made with createrepo_c, and that rpm queries ({@code rpm --root}). rpm runs the packages'
 * scriptlets chrooted into it.
 */
public final class RpmRoot {
  public final Path root;
  private final Path repo;

  private RpmRoot(Path root, Path repo) {
    this.root = root;
    this.repo = repo;
  }

  /** A root in {@code dir}/root whose repository ({@code dir}/repo) holds {@code rpms}. */
  public static RpmRoot create(Path dir, List<Path> rpms) throws Exception {
    RpmRoot r =
        new RpmRoot(
            Files.createDirectories(dir.resolve("root")),
            Files.createDirectories(dir.resolve("repo")));
    r.publish(rpms);
    r.zypper("addrepo", "--no-gpgcheck", "file://" + r.repo, "local").ok();
    r.zypper("--gpg-auto-import-keys", "refresh").ok();
    return r;
  }

  /** Adds {@code rpms} to the repository and refreshes the root's view of it. */
  public void publish(List<Path> rpms) throws Exception {
    for (Path rpm : rpms) {
      Files.copy(rpm, repo.resolve(rpm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> cmd = new ArrayList<>(List.of(tool("createrepo_c", "createrepo-c"), "-q"));
    if (Files.isDirectory(repo.resolve("repodata"))) {
      cmd.add("--update");
    }
    cmd.add(repo.toString());
    Command.run(cmd).ok();
    if (Files.isDirectory(root.resolve("etc/zypp/repos.d"))) {
      zypper("--gpg-auto-import-keys", "refresh").ok();
    }
  }

  /** {@code zypper --root ROOT --non-interactive ARGS}. */
  public Command.Result zypper(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(tool("zypper", "zypper"), "--root", root.toString(), "--non-interactive"));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }

  /** {@code rpm --root ROOT ARGS}. */
  public Command.Result rpm(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool("rpm", "rpm"), "--root", root.toString()));
    cmd.addAll(List.of(args));
    return Command.run(cmd);
  }

  /** Installs {@code packages} with zypper and returns its output, failing if zypper does. */
  public String install(String... packages) throws Exception {
    List<String> args = new ArrayList<>(List.of("install"));
    args.addAll(List.of(packages));
    return zypper(args.toArray(String[]::new)).ok();
  }

  private static String tool(String name, String debianPackage) {
    return Tools.find(name, debianPackage).toString();
  }
}
