package io.github.livepatchexporter.testutil;

import io.github.livepatchexporter.kernel.Roots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Live patch RPMs shaped like one vendor's (see vendor-layouts: name, release, where the module
 * file goes, how the changelog reads), built with the real rpmbuild, a repository made with
 * createrepo_c, and a root where that vendor's package manager installs them: {@code zypper --root}
 * for SUSE, {@code dnf --installroot} for Red Hat. Version N's changelog carries the layout's first
 * N entries, newest first.
 */
public final class RpmRepo {
  /** The package manager of a layout's hosts. */
  public enum Manager {
    ZYPPER,
    DNF
  }

  /**
   * How one vendor packages the live patches of one kernel.
   *
   * @param kernel the kernel release ({@code uname -r}) the modules are for
   * @param release the RPM release of every version
   * @param moduleFile the module file of version N, as the package owns it
   * @param entries the changelog entries, oldest first
   * @param mergedUsr the root has {@code /lib -> usr/lib}, as SLE 16, RHEL 9 and Debian 12 do
   */
  public record Layout(
      String name,
      String kernel,
      String release,
      IntFunction<String> moduleFile,
      List<String> entries,
      Manager manager,
      boolean mergedUsr) {
    public String nvra(int v) {
      return name + "-" + v + "-" + release + ".x86_64";
    }

    public String edition(int v) {
      return v + "-" + release;
    }

    /** The module (and patch) name of version N: its file name without .ko, - as _. */
    public String module(int v) {
      String f = moduleFile.apply(v);
      return f.substring(f.lastIndexOf('/') + 1).replace(".ko", "").replace('-', '_');
    }

    /** Version N's changelog text as rpm -q --changelog prints it: newest entry first. */
    public String changelog(int v) {
      StringBuilder b = new StringBuilder();
      for (int i = v - 1; i >= 0; i--) {
        b.append(entries.get(Math.min(i, entries.size() - 1))).append('\n');
      }
      return b.toString();
    }
  }

  /** SLE 15: kernel-livepatch-<kernel>-default, module in livepatch/ (INSTALL_MOD_DIR). */
  public static final Layout SLE15 =
      new Layout(
          "kernel-livepatch-6_1_0-28-default",
          "6.1.0-28-amd64",
          "1.1",
          v -> "/lib/modules/6.1.0-28-amd64/livepatch/livepatch-" + v + "-1_1.ko",
          List.of(
              "* Mon Jun 01 2026 Live Patching Team <lp@example.com>\n- Initial live patch for 6.1.0-28 (bsc#1230001 jsc#PED-7).\n",
              "* Mon Jul 06 2026 Live Patching Team <lp@example.com>\n- Fix for CVE-2026-1111 (bsc#1230010).\n- Fix a race in the ext4 fast commit path (bsc#1230011).\n",
              "* Mon Aug 03 2026 Live Patching Team <lp@example.com>\n- Fix for CVE-2026-2222 (bsc#1230020).\n- Fix for CVE-2026-1111 follow-up, CVE-2026-3333\n  (bsc#1230021 boo#1230022).\n- Fixes: 1234abcd5678 (\"net: fix refcount\") kernel-style record.\n"),
          Manager.ZYPPER,
          false);

  /**
   * SLE 12: kgraft-patch-<kernel>-default, module in kgraft/ (INSTALL_MOD_DIR=kgraft), for the
   * kernel of the kgraft-legacy fixture, whose active patch is kgraft_patch_2_2_1.
   */
  public static final Layout SLE12 =
      new Layout(
          "kgraft-patch-3_12_62-60_64_8-default",
          "3.12.62-60.64.8-default",
          "2.1",
          v -> "/lib/modules/3.12.62-60.64.8-default/kgraft/kgraft-patch-" + v + "-2_1.ko",
          List.of(
              "* Tue Mar 14 2017 Live Patching Team <lp@example.com>\n- Initial kGraft patch for 3.12.62-60.64.8 (bsc#1029001).\n",
              "* Mon May 08 2017 Live Patching Team <lp@example.com>\n- Fix for CVE-2017-7308 (bsc#1030575).\n- Fix for CVE-2017-2636 and CVE-2017-6074 (bsc#1027575 bsc#1029998).\n"),
          Manager.ZYPPER,
          false);

  /** RHEL 9: kpatch-patch-<kernel>, module in /usr/lib/kpatch/<kernel>/, changelog with {CVE}. */
  public static final Layout RHEL =
      new Layout(
          "kpatch-patch-5_14_0-362_8_1",
          "5.14.0-362.8.1.el9_3.x86_64",
          "1.el9_3",
          v -> "/usr/lib/kpatch/5.14.0-362.8.1.el9_3.x86_64/kpatch-5_14_0-362_8_1-" + v + "-1.ko",
          List.of(
              "* Tue Nov 14 2023 Yannick Cote <ycote@redhat.com> [1-1.el9_3]\n- kpatch fix for CVE-2023-4623 [2245431] {CVE-2023-4623}\n",
              "* Tue Jan 09 2024 Yannick Cote <ycote@redhat.com> [2-1.el9_3]\n- kpatch fix for CVE-2023-6817 [2255139] {CVE-2023-6817}\n- kpatch fix for CVE-2023-6546 [2255500] {CVE-2023-6546}\n"),
          Manager.DNF,
          true);

  /** SLE 16 and other merged-/usr hosts: the module file under /usr/lib/modules. */
  public static final Layout MERGED_USR =
      new Layout(
          "kernel-livepatch-6_12_0-160000_5-default",
          "6.12.0-160000.5-default",
          "160000.1.1",
          v ->
              "/usr/lib/modules/6.12.0-160000.5-default/livepatch/livepatch-"
                  + v
                  + "-160000_1_1.ko",
          List.of(
              "* Mon Oct 05 2026 Live Patching Team <lp@example.com>\n- Initial live patch for 6.12.0-160000.5 (bsc#1250001).\n",
              "* Mon Nov 02 2026 Live Patching Team <lp@example.com>\n- Fix for CVE-2026-4321 (bsc#1250010 jsc#PED-11).\n"),
          Manager.ZYPPER,
          true);

  /** Kept for the tests of SLE 15 packages. */
  public static final String RELEASE = SLE15.kernel();

  public static final String NAME = SLE15.name();

  public final Layout layout;
  public final Path rpms;
  public final Path repo;
  public final Path root;

  private RpmRepo(Layout layout, Path rpms, Path repo, Path root) {
    this.layout = layout;
    this.rpms = rpms;
    this.repo = repo;
    this.root = root;
  }

  public static RpmRepo create(Path dir, int... versions) throws Exception {
    return create(dir, SLE15, versions);
  }

  public static RpmRepo create(Path dir, Layout layout, int... versions) throws Exception {
    Path rpms = Files.createDirectories(dir.resolve("rpms"));
    for (int v : versions) {
      build(dir, layout, v, rpms);
    }
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path root = Files.createDirectories(dir.resolve("root"));
    if (layout.mergedUsr()) {
      Files.createDirectories(root.resolve("usr/lib"));
      Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    }
    RpmRepo r = new RpmRepo(layout, rpms, repo, root);
    r.addRepository("local");
    return r;
  }

  /** Copies version {@code v}'s RPM into the repository and updates its metadata. */
  public void publish(int v) throws Exception {
    Files.copy(rpms.resolve(layout.nvra(v) + ".rpm"), repo.resolve(layout.nvra(v) + ".rpm"));
    boolean first = !Files.isDirectory(repo.resolve("repodata"));
    List<String> cmd =
        new ArrayList<>(List.of(Tools.find("createrepo_c", "createrepo-c").toString(), "-q"));
    if (!first) {
      cmd.add("--update");
    }
    cmd.add(repo.toString());
    run(repo, cmd);
  }

  /** Refreshes the root's repositories, as root on the host would. */
  public void refresh() throws Exception {
    if (layout.manager() == Manager.DNF) {
      dnf("makecache");
    } else {
      zypper("--gpg-auto-import-keys", "refresh");
    }
  }

  /** Adds another repository on the same directory, whose metadata nobody has fetched yet. */
  public void addRepository(String alias) throws Exception {
    addRepository(alias, "file://" + repo);
  }

  /** Adds a repository at {@code url}, whose metadata nobody has fetched yet. */
  public void addRepository(String alias, String url) throws Exception {
    if (layout.manager() == Manager.DNF) {
      Path dir = Files.createDirectories(root.resolve("etc/yum.repos.d"));
      Files.writeString(
          dir.resolve(alias + ".repo"),
          "[" + alias + "]\nname=" + alias + "\nbaseurl=" + url + "\nenabled=1\ngpgcheck=0\n");
    } else {
      zypper("addrepo", "--no-gpgcheck", url, alias);
    }
  }

  /** Installs version {@code v} into the root with the layout's package manager. */
  public void install(int v) throws Exception {
    refresh();
    if (layout.manager() == Manager.DNF) {
      dnf("install", layout.name() + "-" + layout.edition(v));
    } else {
      zypper("install", "--oldpackage", layout.name() + "-" + layout.edition(v));
    }
  }

  /**
   * Writes SUSE lifecycle data ({@code name,version,date} lines) into the root, where
   * sle-module-live-patching ships it.
   */
  public void lifecycle(String lines) throws IOException {
    lifecycle("usr/share/lifecycle/data/sle-module-live-patching.lifecycle", lines);
  }

  /** Writes lifecycle data into {@code file} of the root. */
  public void lifecycle(String file, String lines) throws IOException {
    Path f = root.resolve(file);
    Files.createDirectories(f.getParent());
    Files.writeString(f, lines);
  }

  /**
   * The kernel of {@code host} (its sys/ and proc/, as {@link PatchedHost} makes them) and this
   * root.
   */
  public Roots roots(Path host) {
    return new Roots(host.resolve("sys"), host.resolve("proc"), root);
  }

  /** The command line's {@code --path.*} arguments for {@code host}'s kernel and this root. */
  public String[] cliArgs(Path host, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--path.sysfs=" + host.resolve("sys"),
                "--path.procfs=" + host.resolve("proc"),
                "--path.rootfs=" + root));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** {@code rpm --root ROOT -q NAME}. */
  public String installed() throws Exception {
    return run(
            root,
            List.of(
                Tools.find("rpm", "rpm").toString(),
                "--root",
                root.toString(),
                "-q",
                layout.name()))
        .strip();
  }

  /**
   * Overwrites rpm's database with garbage, as a disk error or an interrupted rebuild leaves it.
   * Debian's rpm keeps it in ~/.rpmdb (root's, under the root); SUSE's in /var/lib/rpm.
   */
  public void corruptDatabase() throws IOException {
    Path db = root.resolve("root/.rpmdb");
    try (var files = Files.list(db)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.write(
        db.resolve("rpmdb.sqlite"),
        "not a database, but long enough to be read".repeat(100).getBytes(StandardCharsets.UTF_8));
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

  /** {@code dnf --installroot=ROOT --assumeyes ARGS}. */
  private void dnf(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Tools.find("dnf", "dnf").toString(), "--installroot=" + root, "--assumeyes"));
    cmd.addAll(List.of(args));
    run(root, cmd);
  }

  private static void build(Path dir, Layout layout, int v, Path out) throws Exception {
    String ko = layout.moduleFile().apply(v);
    String spec =
        "Name: "
            + layout.name()
            + "\nVersion: "
            + v
            + "\nRelease: "
            + layout.release()
            + "\nSummary: Live patch "
            + v
            + "\n"
            + "License: GPL-2.0-only\nBuildArch: x86_64\nAutoReqProv: no\n"
            + "%description\nTest live patch "
            + v
            + ".\n"
            + "%install\nmkdir -p %{buildroot}"
            + ko.substring(0, ko.lastIndexOf('/'))
            + "\n"
            + "printf 'not a real module %s\\n' "
            + v
            + " > %{buildroot}"
            + ko
            + "\n"
            + "%files\n"
            + ko
            + "\n"
            + "%changelog\n"
            + layout.changelog(v);
    Path specFile = dir.resolve(layout.name() + "-" + v + ".spec");
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
    Command.Result r = Command.of(cmd).dir(dir).timeout(Duration.ofMinutes(5)).run();
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed:\n" + r.both());
    }
    return r.both();
  }
}
