package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.RpmRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package facts and {@code klp downgrade} with the real rpmbuild, createrepo_c, zypper and rpm:
 * RPMs with real changelogs in a local repository, installed into a temporary root.
 */
class PackagesIT {
  @TempDir Path tmp;

  private static String[] args(Path host, RpmRepo repo, String... more) {
    List<String> a = new ArrayList<>();
    a.add("--path.sysfs=" + host.resolve("sys"));
    a.add("--path.procfs=" + host.resolve("proc"));
    a.add("--path.rootfs=" + repo.root);
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void verbosePatchesShowThePackageCvesAndFixes() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 2, 3);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 2);
    CliRun v = CliRun.run(Tool.KLP, args(host, repo, "-v", "patches"));
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
    CliRun vv = CliRun.run(Tool.KLP, args(host, repo, "-vv", "patches"));
    assertTrue(
        vv.out.endsWith("    end of support: 2027-06-30\n    update: none available\n"), vv.out);

    repo.publish(3);
    CliRun later = CliRun.run(Tool.KLP, args(host, repo, "-vv", "patches"));
    assertTrue(later.out.endsWith("    update: 3-1.1 available\n"), later.out);

    CliRun json = CliRun.run(Tool.KLP, args(host, repo, "-o", "json", "patches"));
    assertTrue(
        json.out.contains("\"rpm\": \"kernel-livepatch-6_1_0-28-default-2-1.1.x86_64\""), json.out);
    assertTrue(json.out.contains("\"end_of_support\": \"2027-06-30\""), json.out);
    assertTrue(json.out.contains("\"update_edition\": \"3-1.1\""), json.out);
  }

  @Test
  void initialPatchAndNewestFirst() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1, 3);
    repo.publish(1);
    repo.publish(3);
    repo.install(1);
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host1")), 1);
    assertTrue(
        CliRun.run(Tool.KLP, args(host, repo, "-v", "patches"))
            .out
            .contains(
                "    CVE: (none - this is an initial kernel live patch)\n    bug fixes and enhancements: bsc#1230001 jsc#PED-7\n"));
    repo.install(3);
    PatchedHost.rename(host, "livepatch_1_1_1", "livepatch_3_1_1");
    CliRun r = CliRun.run(Tool.KLP, args(host, repo, "-v", "patches"));
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
            args(host, repo, "downgrade"));
    assertEquals(1, declined.exit);
    assertEquals(List.of("Run this command?"), questions);
    assertEquals("klp: downgrade: cancelled, nothing changed\n", declined.err);
    assertEquals(RpmRepo.NAME + "-3-1.1.x86_64", repo.installed(), "declining changes nothing");

    CliRun r = CliRun.run(Tool.KLP, args(host, repo, "-n", "downgrade"));
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
    CliRun r = CliRun.run(Tool.KLP, args(host, repo, "-n", "downgrade"));
    assertEquals(1, r.exit);
    assertEquals(
        "klp: downgrade: no version of "
            + RpmRepo.NAME
            + " older than 1-1.1 is available in the repositories\n",
        r.err);
    assertEquals(RpmRepo.NAME + "-1-1.1.x86_64", repo.installed());
  }
}
