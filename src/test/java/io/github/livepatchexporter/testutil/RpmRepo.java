package io.github.livepatchexporter.testutil;

import io.github.livepatchexporter.kernel.Roots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live patch RPMs built with the real rpmbuild, a repository made with createrepo_c, and a root
 * with the repository configured for zypper. Version N ships {@code livepatch-N-1_1.ko} (module
 * {@code livepatch_N_1_1}) for kernel {@link #RELEASE}, with a changelog that grows per version.
 */
public final class RpmRepo {
  public static final String RELEASE = "6.1.0-28-amd64";
  public static final String NAME = "kernel-livepatch-6_1_0-28-default";

  public final Path rpms;
  public final Path repo;
  public final Path root;

  private RpmRepo(Path rpms, Path repo, Path root) {
    this.rpms = rpms;
    this.repo = repo;
    this.root = root;
  }

  /** The changelog entries, newest last; version N carries the first N. */
  static final List<String> ENTRIES =
      List.of(
          "* Mon Jun 01 2026 Live Patching Team <lp@example.com>\n- Initial live patch for 6.1.0-28 (bsc#1230001 jsc#PED-7).\n",
          "* Mon Jul 06 2026 Live Patching Team <lp@example.com>\n- Fix for CVE-2026-1111 (bsc#1230010).\n- Fix a race in the ext4 fast commit path (bsc#1230011).\n",
          "* Mon Aug 03 2026 Live Patching Team <lp@example.com>\n- Fix for CVE-2026-2222 (bsc#1230020).\n- Fix for CVE-2026-1111 follow-up, CVE-2026-3333\n  (bsc#1230021 boo#1230022).\n- Fixes: 1234abcd5678 (\"net: fix refcount\") kernel-style record.\n");

  public static RpmRepo create(Path dir, int... versions) throws Exception {
    Path rpms = Files.createDirectories(dir.resolve("rpms"));
    for (int v : versions) {
      build(dir, v, rpms);
    }
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path root = Files.createDirectories(dir.resolve("root"));
    RpmRepo r = new RpmRepo(rpms, repo, root);
    r.addRepository("local");
    return r;
  }

  /** Copies version {@code v}'s RPM into the repository and updates its metadata. */
  public void publish(int v) throws Exception {
    Files.copy(
        rpms.resolve(NAME + "-" + v + "-1.1.x86_64.rpm"),
        repo.resolve(NAME + "-" + v + "-1.1.x86_64.rpm"));
    boolean first = !Files.isDirectory(repo.resolve("repodata"));
    List<String> cmd =
        new ArrayList<>(List.of(Tools.find("createrepo_c", "createrepo-c").toString(), "-q"));
    if (!first) {
      cmd.add("--update");
    }
    cmd.add(repo.toString());
    run(repo, cmd);
  }

  /** Refreshes the root's repositories, as root on the host would (zypper refresh). */
  public void refresh() throws Exception {
    zypper("--gpg-auto-import-keys", "refresh");
  }

  /** Adds another repository on the same directory, whose metadata nobody has fetched yet. */
  public void addRepository(String alias) throws Exception {
    addRepository(alias, "file://" + repo);
  }

  /** Adds a repository at {@code url}, whose metadata nobody has fetched yet. */
  public void addRepository(String alias, String url) throws Exception {
    zypper("addrepo", "--no-gpgcheck", url, alias);
  }

  /** Installs version {@code v} into the root with zypper. */
  public void install(int v) throws Exception {
    refresh();
    zypper("install", "--oldpackage", NAME + "-" + v + "-1.1");
  }

  /** {@code zypper --root ROOT --non-interactive ARGS}. */
  private void zypper(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.find("zypper", "zypper").toString(),
                "--root",
                root.toString(),
                "--non-interactive"));
    cmd.addAll(List.of(args));
    run(root, cmd);
  }

  /**
   * Writes SUSE lifecycle data ({@code name,version,date} lines) into the root, where
   * sle-module-live-patching ships it.
   */
  public void lifecycle(String lines) throws IOException {
    Path dir = Files.createDirectories(root.resolve("usr/share/lifecycle/data"));
    Files.writeString(dir.resolve("sle-module-live-patching.lifecycle"), lines);
  }

  /**
   * The kernel of {@code host} (its sys/ and proc/, as {@link PatchedHost} makes them) and this
   * root.
   */
  public Roots roots(Path host) {
    return new Roots(host.resolve("sys"), host.resolve("proc"), root);
  }

  /** {@code rpm --root ROOT -q NAME}. */
  public String installed() throws Exception {
    return run(
            root,
            List.of(Tools.find("rpm", "rpm").toString(), "--root", root.toString(), "-q", NAME))
        .strip();
  }

  private static void build(Path dir, int v, Path out) throws Exception {
    StringBuilder changelog = new StringBuilder();
    for (int i = v - 1; i >= 0; i--) {
      changelog.append(ENTRIES.get(Math.min(i, ENTRIES.size() - 1))).append('\n');
    }
    String ko = "/lib/modules/" + RELEASE + "/livepatch/livepatch-" + v + "-1_1.ko";
    String spec =
        "Name: "
            + NAME
            + "\nVersion: "
            + v
            + "\nRelease: 1.1\nSummary: Live patch "
            + v
            + "\n"
            + "License: GPL-2.0-only\nBuildArch: x86_64\nAutoReqProv: no\n"
            + "%description\nTest live patch "
            + v
            + ".\n"
            + "%install\nmkdir -p %{buildroot}/lib/modules/"
            + RELEASE
            + "/livepatch\n"
            + "printf 'not a real module %s\\n' "
            + v
            + " > %{buildroot}"
            + ko
            + "\n"
            + "%files\n"
            + ko
            + "\n"
            + "%changelog\n"
            + changelog;
    Path specFile = dir.resolve("lp-" + v + ".spec");
    Files.writeString(specFile, spec);
    Path top = dir.resolve("top");
    run(
        dir,
        List.of(
            Tools.find("rpmbuild", "rpm").toString(),
            "-bb",
            "--quiet",
            "--define",
            "_topdir " + top,
            "--define",
            "_build_id_links none",
            "--define",
            "debug_package %{nil}",
            "--define",
            "_rpmdir " + out,
            "--define",
            "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
            specFile.toString()));
  }

  static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }
}
