package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.DebianRoot;
import io.github.livepatchexporter.testutil.Packages;
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
 * The debs: their control fields and file lists with dpkg-deb, and an install, a Java runtime's
 * trigger, an upgrade, a removal and a purge with dpkg in a Debian 12 root ({@link DebianRoot}),
 * where the maintainer scripts meet Debian's own systemd-sysusers, deb-systemd-helper and Java. No
 * systemd runs there, so debhelper's scripts skip starting, restarting and stopping the service:
 * that is the QEMU guest test's.
 */
class DebPackagesIT {
  static final String DEFAULT = "etc/default/livepatch-exporter";
  static final String WANTS =
      "etc/systemd/system/multi-user.target.wants/livepatch-exporter.service";

  @TempDir Path tmp;

  @Test
  void controlFieldsAndFileLists() throws Exception {
    String v = Packages.version() + "-1";
    assertEquals(
        "Package: livepatch-exporter\nVersion: "
            + v
            + "\nArchitecture: all\nDepends:"
            + " default-jre-headless (>= 2:1.17) | java17-runtime-headless,"
            + " systemd | systemd-standalone-sysusers | systemd-sysusers\n",
        dpkgDeb("-f", Packages.deb().toString(), "Package", "Version", "Architecture", "Depends"));
    assertEquals(
        "Depends: livepatch-exporter (= " + v + ")\nConflicts: kernel-livepatch-tools\n",
        dpkgDeb("-f", Packages.klpDeb().toString(), "Depends", "Conflicts"));
    assertEquals("/" + DEFAULT + "\n", dpkgDeb("-I", Packages.deb().toString(), "conffiles"));
    assertTrue(
        dpkgDeb("-I", Packages.deb().toString(), "triggers")
            .contains("\ninterest-noawait /usr/lib/jvm\n"));

    Set<String> main = PackageLayout.common();
    main.add("/" + DEFAULT);
    for (String f : List.of("README.md", "changelog", "changelog.Debian", "copyright")) {
      main.add("/usr/share/doc/livepatch-exporter/" + f);
    }
    main.addAll(PackageLayout.docs("/usr/share/doc/livepatch-exporter/"));
    PackageLayout.check(
        "livepatch-exporter",
        entries(Packages.deb()),
        main,
        Map.of(
            "/usr/bin/livepatch-exporter", "../share/livepatch-exporter/bin/livepatch-exporter"));
    Map<String, String> links = new TreeMap<>(PackageLayout.klpLinks());
    links.put("/usr/share/doc/livepatch-exporter-klp", "livepatch-exporter");
    PackageLayout.check(
        "livepatch-exporter-klp", entries(Packages.klpDeb()), PackageLayout.KLP_FILES, links);
  }

  @Test
  void installTriggerUpgradeRemoveAndPurge() throws Exception {
    try (DebianRoot d = DebianRoot.copy(tmp)) {
      Set<String> before = InstalledPaths.of(d.root);
      Path archive = d.root.resolve(PackageLayout.ARCHIVE.substring(1));

      String installed = d.run("dpkg", "-i", d.copyIn(Packages.deb())).ok();
      assertFalse(installed.contains("warning"), installed);
      assertTrue(
          Files.readString(d.root.resolve("etc/passwd")).contains("\nlivepatch-exporter:x:"),
          "systemd-sysusers made the user");
      assertTrue(Files.isSymbolicLink(d.root.resolve(WANTS)), "enabled, as Debian does");
      assertFalse(
          Files.exists(
              d.root.resolve(
                  "etc/systemd/system/timers.target.wants/livepatch-exporter-textfile.timer")),
          "textfile mode is the other way to run it: installed, not enabled");
      assertEquals("", d.run("dpkg", "--verify", "livepatch-exporter").ok(), "dpkg --verify");
      assertEquals(
          PosixFilePermissions.fromString("r--r--r--"), Files.getPosixFilePermissions(archive));
      String loaded =
          d.run(
                  Map.of("LIVEPATCH_JAVA_OPTS", "-Xlog:class+load"),
                  PackageLayout.SHARE + "bin/klp",
                  "--version")
              .ok();
      assertTrue(
          loaded.contains("io.github.livepatchexporter.cli.KlpMain source: shared objects file"),
          "klp maps the archive postinst made:\n" + loaded);

      d.run("dpkg", "-i", d.copyIn(Packages.klpDeb())).ok();
      assertEquals(
          "klp (livepatch_exporter) " + Packages.version().replace('~', '-') + "\n",
          d.run("/usr/bin/klp", "--version").ok());

      // A Java runtime installed or upgraded under /usr/lib/jvm: the trigger makes the archive
      // anew.
      Files.delete(archive);
      Path jvm = DebianRoot.stubDeb(tmp, "stub-jvm", Map.of("/usr/lib/jvm/stub/release", "stub\n"));
      String triggered = d.run("dpkg", "-i", d.copyIn(jvm)).ok();
      assertTrue(triggered.contains("Processing triggers for livepatch-exporter"), triggered);
      assertTrue(Files.isRegularFile(archive), "made again");

      // Upgrade to release 2, whose default configuration changed, after the administrator edited
      // it and disabled the service: both choices stay.
      Path config = d.root.resolve(DEFAULT);
      Files.writeString(config, "LIVEPATCH_JAVA_OPTS=\"-Xmx48m\"\n", StandardOpenOption.APPEND);
      String edited = Files.readString(config);
      d.run("systemctl", "disable", "livepatch-exporter.service").ok();

      d.run(
              "dpkg",
              "--force-confold",
              "-i",
              d.copyIn(Packages.nextRelease().deb()),
              d.copyIn(Packages.nextRelease().klpDeb()))
          .ok();
      assertEquals(
          Packages.version() + "-2",
          d.run("dpkg-query", "-W", "-f=${Version}", "livepatch-exporter").ok());
      assertEquals(edited, Files.readString(config), "the conffile kept the edit");
      assertTrue(
          Files.readString(d.root.resolve(DEFAULT + ".dpkg-dist"))
              .endsWith("# A line that release 2 adds.\n"),
          "the new default beside it");
      assertFalse(Files.exists(d.root.resolve(WANTS)), "still disabled");
      assertEquals("", d.run("dpkg", "--verify", "livepatch-exporter-klp").ok(), "dpkg --verify");

      d.run("systemctl", "enable", "livepatch-exporter.service").ok();
      d.run("dpkg", "--remove", "livepatch-exporter-klp", "livepatch-exporter").ok();
      assertFalse(
          Files.exists(d.root.resolve(PackageLayout.SHARE.substring(1))), "archive gone too");
      assertEquals(edited, Files.readString(config), "a removed package keeps its conffiles");
      d.run("dpkg", "--purge", "livepatch-exporter").ok();
      // Left after purge: the user, kept as Debian does, and the runtime installed since. Adding
      // the user made backups of shadow and gshadow, unless the root had them already.
      Set<String> left = new TreeSet<>(InstalledPaths.added(before, InstalledPaths.of(d.root)));
      left.removeAll(Set.of("etc/gshadow-", "etc/shadow-"));
      assertEquals(Set.of("usr/lib/jvm/stub/", "usr/lib/jvm/stub/release"), left);
      assertTrue(
          Files.readString(d.root.resolve("etc/passwd")).contains("\nlivepatch-exporter:x:"),
          "the user stays");
      assertEquals(Set.of(), InstalledPaths.added(InstalledPaths.of(d.root), before), "removed");
    }
  }

  /**
   * Path → entry of a deb's files, from dpkg-deb -c. dh_compress compresses the larger
   * documentation files: their ".gz" is dropped under /usr/share/doc.
   */
  static Map<String, PackageLayout.Entry> entries(Path deb) throws Exception {
    Map<String, PackageLayout.Entry> m = new TreeMap<>();
    for (String line : dpkgDeb("-c", deb.toString()).split("\n")) {
      // -rw-r--r-- root/root 584 2026-12-02 05:50 ./etc/default/livepatch-exporter [-> target]
      String[] f = line.split("\\s+");
      String path = f[5].substring(1);
      if (path.equals("/")) {
        continue;
      }
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      } else if (path.startsWith("/usr/share/doc/") && path.endsWith(".gz")) {
        path = path.substring(0, path.length() - 3);
      }
      m.put(path, new PackageLayout.Entry(f[0], f[1].replace('/', ':'), f.length > 7 ? f[7] : ""));
    }
    return m;
  }

  static String dpkgDeb(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Tools.find("dpkg-deb", "dpkg").toString()));
    cmd.addAll(List.of(args));
    return Command.run(cmd).ok();
  }
}
