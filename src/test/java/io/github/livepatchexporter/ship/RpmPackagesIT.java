package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Packages;
import io.github.livepatchexporter.testutil.RpmRoot;
import io.github.livepatchexporter.testutil.StubRpm;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPMs with the real rpm, createrepo_c and zypper: their file lists, and an install, upgrade
 * and erase with {@code zypper --root} into a root of stub packages (busybox as /bin/sh, a Java 17
 * "runtime" without java, this machine's systemctl and systemd-sysusers), where rpm runs the
 * scriptlets chrooted. No systemd runs there, as in an image build: starting and restarting the
 * service is the QEMU guest test's.
 */
class RpmPackagesIT {
  static final String SYSCONFIG = "/etc/sysconfig/livepatch-exporter";
  static final String WANTS =
      "etc/systemd/system/multi-user.target.wants/livepatch-exporter.service";
  static final String WARNING =
      "livepatch-exporter: warning: no class-data archive for this Java runtime, klp and kgr start"
          + " slower (run /usr/share/livepatch-exporter/cli-archive.sh"
          + " /usr/share/livepatch-exporter/livepatch-exporter.jar "
          + PackageLayout.ARCHIVE
          + " to see why)";

  static final String SUSES_KLP = "#!/bin/sh\necho SUSE klp\n";

  @TempDir Path tmp;

  @Test
  void fileLists() throws Exception {
    Set<String> main = PackageLayout.common();
    main.add(SYSCONFIG);
    main.add(PackageLayout.ARCHIVE);
    for (String f : List.of("README.md", "CHANGELOG.md")) {
      main.add("/usr/share/doc/livepatch-exporter/" + f);
    }
    main.addAll(PackageLayout.docs("/usr/share/doc/livepatch-exporter/"));
    main.add("/usr/share/licenses/livepatch-exporter/LICENSE");
    main.add("/usr/share/licenses/livepatch-exporter/NOTICE");
    PackageLayout.check(
        "livepatch-exporter",
        entries(Packages.rpm()),
        main,
        Map.of(
            "/usr/bin/livepatch-exporter", "../share/livepatch-exporter/bin/livepatch-exporter"));
    PackageLayout.check(
        "livepatch-exporter-klp",
        entries(Packages.klpRpm()),
        PackageLayout.KLP_FILES,
        PackageLayout.klpLinks());
    String flags = "\n" + query(Packages.rpm(), "[%{FILEFLAGS:fflags} %{FILENAMES}\\n]");
    assertTrue(flags.contains("\ncn " + SYSCONFIG + "\n"), "%config(noreplace):\n" + flags);
    assertTrue(flags.contains("\ng " + PackageLayout.ARCHIVE + "\n"), "%ghost:\n" + flags);
    String klp = query(Packages.klpRpm(), "[%{REQUIRENAME} %{REQUIREVERSION}\\n]");
    assertTrue(
        klp.contains("livepatch-exporter " + Packages.version() + "-1\n"),
        "exact version:\n" + klp);
    assertEquals(
        "kernel-livepatch-tools\n", query(Packages.klpRpm(), "[%{CONFLICTNAME}\\n]"), "conflicts");
    assertTrue(
        query(Packages.rpm(), "[%{REQUIRENAME}\\n]")
            .contains("(jre-17-headless or jre-21-headless or jre-25-headless)\n"));
  }

  @Test
  void installUpgradeAndErase() throws Exception {
    RpmRoot r = RpmRoot.create(tmp.resolve("a"), stubs(true));
    r.install("stub-base", "stub-systemd", "stub-jre-17", "stub-fleet-preset");
    Set<String> before = InstalledPaths.of(r.root);

    // Install: no java here, so the archive fails, in one warning line, and the install does not.
    assertWarnings(r.install("livepatch-exporter"));
    assertEquals("", r.rpm("-V", "livepatch-exporter").ok(), "rpm -V");
    assertTrue(
        Files.readString(r.root.resolve("etc/passwd")).contains("livepatch-exporter:x:"),
        "systemd-sysusers made the user");
    assertTrue(Files.isSymbolicLink(r.root.resolve(WANTS)), "the fleet's preset enables it");
    assertFalse(
        Files.exists(
            r.root.resolve(
                "etc/systemd/system/timers.target.wants/livepatch-exporter-textfile.timer")),
        "textfile mode is the other way to run it: installed, not enabled");
    String exporterVersion =
        Command.run(List.of(r.root.resolve("usr/bin/livepatch-exporter").toString(), "--version"))
            .ok();
    assertTrue(
        exporterVersion.startsWith(
            "livepatch-exporter, version " + version().replace('~', '-') + " (branch: "),
        "the launcher finds the jar it is packaged with: " + exporterVersion);
    r.install("livepatch-exporter-klp");
    assertEquals(
        "klp (livepatch_exporter) " + version() + "\n",
        Command.run(List.of(r.root.resolve("usr/bin/klp").toString(), "--version")).ok());
    // What the JVM would write: rpm owns it, and its content is not verified.
    Path archive = r.root.resolve(PackageLayout.ARCHIVE.substring(1));
    Files.writeString(archive, "archive");
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));
    assertEquals("", r.rpm("-V", "livepatch-exporter", "livepatch-exporter-klp").ok(), "rpm -V");

    // Upgrade to release 2, whose default configuration changed, after the administrator edited
    // it and disabled the service: both choices stay.
    Path sysconfig = r.root.resolve(SYSCONFIG.substring(1));
    Files.writeString(sysconfig, "LIVEPATCH_JAVA_OPTS=\"-Xmx48m\"\n", StandardOpenOption.APPEND);
    String edited = Files.readString(sysconfig);
    systemctl(r, "disable").ok();
    r.publish(List.of(Packages.nextRelease().rpm(), Packages.nextRelease().klpRpm()));
    r.zypper("update").ok();
    assertEquals(
        "livepatch-exporter-" + Packages.version() + "-2.noarch\n",
        r.rpm("-q", "livepatch-exporter").ok());
    assertEquals(edited, Files.readString(sysconfig), "%config(noreplace) kept the edit");
    assertTrue(
        Files.readString(r.root.resolve(SYSCONFIG.substring(1) + ".rpmnew"))
            .endsWith("# A line that release 2 adds.\n"),
        "the new default beside it");
    assertFalse(Files.exists(r.root.resolve(WANTS)), "no preset on upgrade");
    // rpm -V: flags of what differs (5: the digest), then c for a configuration file.
    String verify = r.rpm("-V", "livepatch-exporter").out();
    assertTrue(
        verify.matches("..5......  c " + SYSCONFIG + "\n"),
        "only the edited file differs:\n" + verify);

    // A Java runtime installed (in SUSE's /usr/lib64/jvm): the file trigger tries the archive
    // again.
    assertWarnings(r.install("stub-jre-21"));

    systemctl(r, "enable").ok();
    String erased = r.zypper("remove", "livepatch-exporter").ok();
    assertFalse(erased.contains("livepatch-exporter: warning"), "no trigger runs:\n" + erased);
    assertNotEquals(0, r.rpm("-q", "livepatch-exporter-klp").exit(), "removed with it");
    assertEquals(
        Set.of(
            "etc/group",
            "etc/gshadow",
            "etc/passwd",
            "etc/shadow",
            "etc/.pwd.lock",
            SYSCONFIG.substring(1) + ".rpmnew",
            SYSCONFIG.substring(1) + ".rpmsave",
            "usr/lib64/jvm/stub-21/release"),
        nonDirectories(InstalledPaths.added(before, InstalledPaths.of(r.root))),
        "left after erase: the user (kept, as the distributions do), the edited configuration"
            + " as .rpmsave, rpm's .rpmnew and the runtime installed since");
    assertEquals(Set.of(), InstalledPaths.added(InstalledPaths.of(r.root), before), "removed");
    for (String dir :
        List.of("livepatch-exporter", "doc/livepatch-exporter", "licenses/livepatch-exporter")) {
      assertFalse(Files.exists(r.root.resolve("usr/share").resolve(dir)), dir);
    }
  }

  @Test
  void klpSubpackageIsRefusedBesideSusesKlp() throws Exception {
    RpmRoot r = RpmRoot.create(tmp.resolve("b"), stubs(false));
    r.install("stub-base", "stub-systemd", "stub-jre-17", "kernel-livepatch-tools");
    // The main package lives beside SUSE's klp, and the distribution's default preset, which
    // disables what it does not name, leaves the service disabled.
    assertWarnings(r.install("livepatch-exporter"));
    assertFalse(Files.exists(r.root.resolve(WANTS)), "preset: disable *");
    Command.Result refused = r.zypper("install", "livepatch-exporter-klp");
    assertNotEquals(0, refused.exit(), refused.both());
    assertTrue(
        refused
            .both()
            .contains(
                "livepatch-exporter-klp-"
                    + Packages.version()
                    + "-1.noarch conflicts with kernel-livepatch-tools"),
        refused.both());
    assertEquals(SUSES_KLP, Files.readString(r.root.resolve("usr/bin/klp")));
    assertEquals("kernel-livepatch-tools-1-1.noarch\n", r.rpm("-qf", "/usr/bin/klp").ok());
  }

  /** Our RPMs and the stubs of a root; {@code fleet}: with a preset that enables the service. */
  List<Path> stubs(boolean fleet) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("stubs"));
    List<Path> rpms = new ArrayList<>(List.of(Packages.rpm(), Packages.klpRpm()));
    rpms.add(
        new StubRpm("stub-base", "1")
            .copy("/bin/sh", Tools.find("busybox", "busybox-static"))
            .charDevice("/dev/null 1 3")
            // As SUSE's and Red Hat's systemd-presets ship it.
            .text("/usr/lib/systemd/system-preset/99-default.preset", "disable *\n")
            .build(tmp, out));
    StubRpm systemd = new StubRpm("stub-systemd", "252").provides("systemd");
    for (String tool : List.of("/usr/bin/systemctl", "/usr/bin/systemd-sysusers")) {
      systemd.copy(tool, Path.of(tool));
      for (String lib : libraries(tool)) {
        systemd.copy(lib, Path.of(lib));
      }
    }
    rpms.add(systemd.build(tmp, out));
    // Where Red Hat's runtimes live, and SUSE's.
    for (String v : List.of("17:/usr/lib/jvm", "21:/usr/lib64/jvm")) {
      String version = v.substring(0, 2);
      rpms.add(
          new StubRpm("stub-jre-" + version, version)
              .provides("jre-" + version + "-headless")
              .text(
                  v.substring(3) + "/stub-" + version + "/release",
                  "JAVA_VERSION=" + version + "\n")
              .build(tmp, out));
    }
    if (fleet) {
      rpms.add(
          new StubRpm("stub-fleet-preset", "1")
              .text(
                  "/etc/systemd/system-preset/50-fleet.preset",
                  "enable livepatch-exporter.service\n")
              .build(tmp, out));
    } else {
      rpms.add(
          new StubRpm("kernel-livepatch-tools", "1")
              .text("/usr/bin/klp", SUSES_KLP)
              .text("/usr/bin/kgr", "#!/bin/sh\necho SUSE kgr\n")
              .build(tmp, out));
    }
    return rpms;
  }

  /** The shared libraries {@code binary} loads, and the loader, as ldd lists them. */
  static Set<String> libraries(String binary) throws Exception {
    Set<String> libs = new TreeSet<>();
    for (String line :
        Command.run(List.of(Tools.find("ldd", "libc-bin").toString(), binary)).ok().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[1].equals("=>") && f[2].startsWith("/")) {
        libs.add(f[2]);
      } else if (f.length >= 1 && f[0].startsWith("/")) {
        libs.add(f[0]);
      }
    }
    return libs;
  }

  static void assertWarnings(String zypperOutput) {
    List<String> ours =
        zypperOutput.lines().filter(l -> l.startsWith("livepatch-exporter:")).toList();
    assertFalse(ours.isEmpty(), "the archive's warning:\n" + zypperOutput);
    for (String l : ours) {
      assertEquals(WARNING, l, zypperOutput);
    }
  }

  /** What an administrator's {@code systemctl enable} or {@code disable} does to the root. */
  static Command.Result systemctl(RpmRoot r, String verb) throws Exception {
    return Command.run(
        List.of(
            Tools.find("systemctl", "systemd").toString(),
            "--root=" + r.root,
            verb,
            "livepatch-exporter.service"));
  }

  /** Path → entry of an RPM's files, from rpm -qp. */
  static Map<String, PackageLayout.Entry> entries(Path rpm) throws Exception {
    Map<String, PackageLayout.Entry> m = new TreeMap<>();
    for (String line :
        query(
                rpm,
                "[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES} %{FILELINKTOS}\\n]")
            .split("\n")) {
      String[] f = line.split(" ", 4);
      m.put(f[2], new PackageLayout.Entry(f[0], f[1], f[3]));
    }
    return m;
  }

  static String query(Path rpm, String format) throws Exception {
    return Command.run(
            List.of(Tools.find("rpm", "rpm").toString(), "-qp", "--qf", format, rpm.toString()))
        .ok();
  }

  static Set<String> nonDirectories(Set<String> paths) {
    Set<String> s = new TreeSet<>(paths);
    s.removeIf(p -> p.endsWith("/"));
    return s;
  }

  /** The jar's version, as --version prints it. */
  static String version() {
    return Packages.version().replace('~', '-');
  }
}
