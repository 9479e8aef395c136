package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.RpmRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package facts and {@code klp downgrade} with the real rpmbuild, createrepo_c, zypper and rpm:
 * RPMs with real changelogs in a local repository, installed into a temporary root.
 */
class PackagesIT {
  @TempDir Path tmp;

  @Test
  void verbosePatchesShowThePackageCvesAndFixes() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 2, 3);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 2);
    CliRun v = CliRun.run(Tool.KLP, repo.cliArgs(host, "-v", "patches"));
    assertEquals(
        "livepatch_2_1_1\n"
            + "    active: 1\n"
            + "    RPM: kernel-livepatch-6_1_0-28-default-2-1.1.x86_64\n"
            + "    CVE: CVE-2026-1111\n"
            + "    bug fixes and enhancements: bsc#1230011 bsc#1230001 jsc#PED-7\n",
        v.out);
    assertEquals("", v.err);

    repo.lifecycle(
        "# name, version, end of support\n"
            + "kernel-livepatch-6_1_0-28-default,*,2027-06-30\n"
            + "/kernel-livepatch-5_.*/,*,2025-01-01\n");
    // Another product's file with lines no tool accepts: ignored, said once for the file.
    repo.lifecycle(
        "usr/share/lifecycle/data/sle-module-legacy.lifecycle",
        "legacy-tool, *, 2024-02-30\nlegacy-lib\n");
    CliRun vv = CliRun.run(Tool.KLP, repo.cliArgs(host, "-vv", "patches"));
    assertEquals(0, vv.exit);
    assertTrue(
        vv.out.endsWith("    end of support: 2027-06-30\n    update: none available\n"), vv.out);
    assertEquals(
        "klp: warning: lifecycle data "
            + repo.root
            + "/usr/share/lifecycle/data/sle-module-legacy.lifecycle: 2 lines ignored (line 1:"
            + " expected a date as YYYY-MM-DD, got '2024-02-30')\n",
        vv.err);
    Files.delete(repo.root.resolve("usr/share/lifecycle/data/sle-module-legacy.lifecycle"));

    // A new version in the repository: klp reads zypper's cache and never refreshes it, so it
    // shows up once root has refreshed, as zypper itself does whenever root runs it.
    repo.publish(3);
    CliRun cached = CliRun.run(Tool.KLP, repo.cliArgs(host, "-vv", "patches"));
    assertTrue(cached.out.endsWith("    update: none available\n"), cached.out);
    repo.refresh();
    CliRun later = CliRun.run(Tool.KLP, repo.cliArgs(host, "-vv", "patches"));
    assertTrue(later.out.endsWith("    update: 3-1.1 available\n"), later.out);
    assertEquals("", later.err);

    CliRun json = CliRun.run(Tool.KLP, repo.cliArgs(host, "-o", "json", "patches"));
    assertTrue(
        json.out.contains("\"rpm\": \"kernel-livepatch-6_1_0-28-default-2-1.1.x86_64\""), json.out);
    assertTrue(json.out.contains("\"end_of_support\": \"2027-06-30\""), json.out);
    assertTrue(json.out.contains("\"update_edition\": \"3-1.1\""), json.out);
  }

  /**
   * As a user without root, as the exporter's service runs: rpm and zypper read their database and
   * cache; a repository whose metadata was never fetched makes the status unknown, with why.
   */
  @Test
  void updateStatusWithoutRoot() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 2);
    repo.publish(1);
    repo.install(1);
    repo.addRepository("other");
    repo.publish(2);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 1);
    readableByAll(tmp);

    Command.Result unknown = klpWithoutRoot(host, repo, "-vv", "patches");
    assertEquals(0, unknown.exit(), unknown.err());
    assertTrue(
        unknown.out().contains("    RPM: " + RpmRepo.NAME + "-1-1.1.x86_64\n"), unknown.out());
    assertTrue(unknown.out().endsWith("    update: unknown\n"), unknown.out());
    assertEquals(
        "klp: warning: update status unknown: no cached metadata for repositories other"
            + " (root refreshes it: zypper refresh)\n",
        unknown.err());
    Command.Result json = klpWithoutRoot(host, repo, "-o", "json", "patches");
    assertTrue(json.out().contains("\"update_available\": null"), json.out());
    assertTrue(
        json.out()
            .contains("\"update_unknown_reason\": \"no cached metadata for repositories other"),
        json.out());

    repo.refresh();
    readableByAll(tmp);
    Command.Result known = klpWithoutRoot(host, repo, "-vv", "patches");
    assertEquals("", known.err());
    assertTrue(known.out().endsWith("    update: 2-1.1 available\n"), known.out());
  }

  /**
   * {@code bin/klp} as nobody. Debian's rpm keeps its database under {@code ~/.rpmdb} (SUSE's and
   * Red Hat's under /var/lib or /usr/lib/sysimage), so HOME names the one root's rpm wrote.
   */
  private static Command.Result klpWithoutRoot(Path host, RpmRepo repo, String... more)
      throws Exception {
    List<String> cmd = new ArrayList<>(Bin.asNobody());
    cmd.add(Bin.dir().resolve("klp").toString());
    cmd.addAll(List.of(repo.cliArgs(host, more)));
    return Command.run(cmd, Map.of("HOME", "/root"));
  }

  private static void readableByAll(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        if (!Files.isSymbolicLink(p)) {
          Files.setPosixFilePermissions(
              p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  @Test
  void initialPatchAndNewestFirst() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 3);
    repo.publish(1);
    repo.publish(3);
    repo.install(1);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host1")), 1);
    assertTrue(
        CliRun.run(Tool.KLP, repo.cliArgs(host, "-v", "patches"))
            .out
            .contains(
                "    CVE: (none - this is an initial kernel live patch)\n    bug fixes and enhancements: bsc#1230001 jsc#PED-7\n"));
    // SLE 12's kgr said it of kGraft patches.
    assertTrue(
        CliRun.run(Tool.KGR, repo.cliArgs(host, "-v", "patches"))
            .out
            .contains("    CVE: (none - this is an initial kGraft patch)\n"));
    repo.install(3);
    PatchedHost.rename(host, "livepatch_1_1_1", "livepatch_3_1_1");
    CliRun r = CliRun.run(Tool.KLP, repo.cliArgs(host, "-v", "patches"));
    assertTrue(
        r.out.contains(
            "    CVE: CVE-2026-2222 CVE-2026-1111 CVE-2026-3333\n"
                + "    bug fixes and enhancements: bsc#1230011 bsc#1230001 jsc#PED-7\n"),
        r.out);
  }

  @Test
  void downgradeInstallsThePreviousVersion() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 2, 3);
    repo.publish(1);
    repo.publish(2);
    repo.publish(3);
    repo.install(3);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 3);
    assertEquals(RpmRepo.NAME + "-3-1.1.x86_64", repo.installed());

    List<String> questions = new ArrayList<>();
    CliRun declined =
        CliRun.run(
            Tool.KLP,
            true,
            CliRun.answering(false, questions),
            new CliRun.RecordingSignals(),
            repo.cliArgs(host, "downgrade"));
    assertEquals(1, declined.exit);
    assertEquals(List.of("Run this command?"), questions);
    assertEquals("klp: downgrade: cancelled, nothing changed\n", declined.err);
    assertEquals(RpmRepo.NAME + "-3-1.1.x86_64", repo.installed(), "declining changes nothing");

    CliRun r = CliRun.run(Tool.KLP, repo.cliArgs(host, "-n", "downgrade"));
    assertEquals(0, r.exit, r.err);
    assertEquals(
        "Downgrading "
            + RpmRepo.NAME
            + " from 3-1.1 to 2-1.1:\n"
            + "    zypper --root "
            + repo.root
            + " --non-interactive install --oldpackage "
            + RpmRepo.NAME
            + "-2-1.1.x86_64\n"
            + "Downgraded "
            + RpmRepo.NAME
            + " to 2-1.1.\n",
        r.out);
    assertEquals(RpmRepo.NAME + "-2-1.1.x86_64", repo.installed());
  }

  @Test
  void downgradeWithoutAnOlderVersion() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1);
    repo.publish(1);
    repo.install(1);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 1);
    CliRun r = CliRun.run(Tool.KLP, repo.cliArgs(host, "-n", "downgrade"));
    assertEquals(1, r.exit);
    assertEquals(
        "klp: downgrade: no version of "
            + RpmRepo.NAME
            + " older than 1-1.1 is available in the repositories\n",
        r.err);
    assertEquals(RpmRepo.NAME + "-1-1.1.x86_64", repo.installed());
  }
}
