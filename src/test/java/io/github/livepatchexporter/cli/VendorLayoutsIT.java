package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package facts on every vendor's layout (vendor-layouts §1), from RPMs shaped like each vendor's,
 * built with the real rpmbuild and installed with that vendor's real package manager (zypper or
 * dnf) into a temporary root: golden {@code -v} and {@code -vv patches} transcripts and /metrics,
 * with the RPM, the CVEs and the fixes checked against the changelog this test wrote.
 */
class VendorLayoutsIT {
  static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,7}");

  @TempDir Path tmp;

  /** SLE 12: kgraft/ without modules.dep; lifecycle data in /var/lib, another product's file. */
  @Test
  void sle12Kgraft() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, RpmRepo.SLE12, 2, 3);
    repo.publish(2);
    repo.publish(3);
    repo.install(2);
    repo.lifecycle(
        "var/lib/lifecycle/data/sle-live-patching.lifecycle",
        "# SLE Live Patching 12\n" + RpmRepo.SLE12.name() + ", *, 2018-03-01\n");
    // zypper-lifecycle's own test data: an empty date where a successor is given.
    repo.lifecycle(
        "usr/share/lifecycle/data/sle-module-hpc.lifecycle",
        "hdf5_*-gnu*-hpc,         *, , hdf5_*-gnu<2>-hpc\n");
    assertTrue(
        Files.notExists(repo.root.resolve("lib/modules/3.12.62-60.64.8-default/modules.dep")));
    Path host = Fixtures.copy("kgraft-legacy", Files.createDirectories(tmp.resolve("host")));
    String text = check("sle12-kgraft", repo, host, 2, List.of("kgr -v patches"));
    assertTrue(text.contains("    end of support: 2018-03-01\n"), text);
    assertTrue(text.contains("    update: 3-2.1 available\n"), text);
  }

  /** RHEL: the kpatch-patch module only where the RPM put it, /usr/lib/kpatch/<kernel>/. */
  @Test
  void rhelKpatch() throws Exception {
    RpmRepo repo = rhel();
    String text =
        check("rhel-kpatch", repo, PatchedHost.create(host(), RpmRepo.RHEL, 1), 1, List.of());
    assertTrue(text.contains("    update: 2-1.el9_3 available\n"), text);
  }

  /**
   * RHEL after {@code kpatch install}: the module kpatch loads is its copy in /var/lib/kpatch,
   * which no package owns; the RPM's file in /usr/lib/kpatch names the package.
   */
  @Test
  void rhelKpatchLoadedFromVarLib() throws Exception {
    RpmRepo repo = rhel();
    String ko = RpmRepo.RHEL.moduleFile().apply(1);
    Path copy = repo.root.resolve("var/lib/kpatch/" + RpmRepo.RHEL.kernel());
    Files.createDirectories(copy);
    Files.copy(
        repo.root.resolve(ko.substring(1)), copy.resolve(ko.substring(ko.lastIndexOf('/') + 1)));
    check("rhel-kpatch-var-lib", repo, PatchedHost.create(host(), RpmRepo.RHEL, 1), 1, List.of());
  }

  /** SLE 16 and other merged-/usr hosts: the package owns /usr/lib/modules/..., /lib is a link. */
  @Test
  void mergedUsr() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, RpmRepo.MERGED_USR, 1, 2);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    assertTrue(Files.isSymbolicLink(repo.root.resolve("lib")));
    String text =
        check("merged-usr", repo, PatchedHost.create(host(), RpmRepo.MERGED_USR, 2), 2, List.of());
    assertTrue(text.contains("    update: none available\n"), text);
  }

  /** klp downgrade on Red Hat: the dnf command, run for real; rpm shows the older version. */
  @Test
  void rhelDowngradeWithDnf() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, RpmRepo.RHEL, 1, 2);
    repo.publish(1);
    repo.publish(2);
    repo.install(2);
    assertEquals(RpmRepo.RHEL.nvra(2), repo.installed());
    Path host = PatchedHost.create(host(), RpmRepo.RHEL, 2);
    CliRun r = CliRun.run(Tool.KLP, repo.cliArgs(host, "-n", "downgrade"));
    assertEquals(0, r.exit, r.err);
    String name = RpmRepo.RHEL.name();
    assertEquals(
        "Downgrading "
            + name
            + " from 2-1.el9_3 to 1-1.el9_3:\n"
            + "    dnf --installroot="
            + repo.root
            + " --assumeyes downgrade "
            + RpmRepo.RHEL.nvra(1)
            + "\nDowngraded "
            + name
            + " to 1-1.el9_3.\n",
        r.out);
    assertEquals(RpmRepo.RHEL.nvra(1), repo.installed());
  }

  /**
   * A corrupt rpm database is not "no package owns this module": one warning line naming the
   * database, and no package fields, in the CLI; the exporter's side is PackageMetricsIT's.
   */
  @Test
  void corruptRpmDatabase() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 1);
    repo.publish(1);
    repo.install(1);
    repo.corruptDatabase();
    Path host = PatchedHost.create(host(), 1);
    for (String v : List.of("-v", "-vv")) {
      CliRun r = CliRun.run(Tool.KLP, repo.cliArgs(host, v, "patches"));
      assertEquals(0, r.exit, r.err);
      assertEquals("livepatch_1_1_1\n    active: 1\n", r.out);
      assertEquals(1, r.err.lines().count(), r.err);
      assertTrue(
          r.err.startsWith(
              "klp: warning: rpm cannot read its database /root/.rpmdb under "
                  + repo.root
                  + ": error: cannot open Packages database in "),
          r.err);
      assertFalse(r.err.contains("Exception"), r.err);
    }
  }

  private RpmRepo rhel() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, RpmRepo.RHEL, 1, 2);
    repo.publish(1);
    repo.publish(2);
    repo.install(1);
    return repo;
  }

  private Path host() throws Exception {
    return Files.createDirectories(tmp.resolve("host"));
  }

  /**
   * The transcripts and /metrics of one root against their golden files, and the package fields
   * against version {@code v}'s changelog. Returns the transcript.
   */
  private String check(String name, RpmRepo repo, Path host, int v, List<String> more)
      throws Exception {
    List<String> runs = new ArrayList<>(List.of("klp -v patches", "klp -vv patches"));
    runs.add("klp -o json patches");
    runs.addAll(more);
    StringBuilder transcript = new StringBuilder();
    for (String run : runs) {
      String[] words = run.split(" ");
      CliRun r =
          CliRun.run(
              words[0].equals("kgr") ? Tool.KGR : Tool.KLP,
              repo.cliArgs(host, List.of(words).subList(1, words.length).toArray(String[]::new)));
      transcript.append("$ ").append(run).append('\n');
      transcript.append("exit ").append(r.exit).append('\n');
      transcript.append("stdout:\n").append(r.out);
      transcript.append("stderr:\n").append(r.err).append('\n');
      assertEquals(0, r.exit, run + ": " + r.err);
      assertEquals("", r.err, run);
    }
    String text = transcript.toString().replace(repo.root.toString(), "<root>");
    Golden.assertMatches("cli/packages-" + name + ".txt", text);

    RpmRepo.Layout layout = repo.layout;
    String changelog = layout.changelog(v);
    Set<String> cves = new LinkedHashSet<>();
    Matcher m = CVE.matcher(changelog);
    while (m.find()) {
      cves.add(m.group());
    }
    assertTrue(
        text.contains(
            layout.module(v)
                + "\n    active: 1\n    RPM: "
                + layout.nvra(v)
                + "\n    CVE: "
                + (cves.isEmpty()
                    ? "(none - this is an initial kernel live patch)"
                    : String.join(" ", cves))
                + "\n"),
        "the RPM and the CVEs of\n" + changelog + "\nin\n" + text);

    String metrics = scrape(repo, host);
    assertTrue(metrics.contains("rpm=\"" + layout.nvra(v) + "\""), metrics);
    for (String cve : cves) {
      assertEquals(
          Optional.of(1.0),
          PromText.value(metrics, "livepatch_cve_fixed", "cve", cve),
          cve + "\n" + metrics);
    }
    assertEquals(
        Optional.of(1.0),
        PromText.value(metrics, "livepatch_scrape_collector_success", "collector", "packages"),
        metrics);
    assertEquals(
        Optional.of(1.0),
        PromText.value(metrics, "livepatch_packages_update_check_success"),
        metrics);
    Golden.assertMatches("metrics/packages-" + name + ".prom", normalize(metrics));
    return text;
  }

  /** /metrics once the exporter's first package lookup, in the background, is done. */
  private static String scrape(RpmRepo repo, Path host) throws Exception {
    try (TestServer e = TestServer.of(repo.roots(host)).clock(Clock.systemUTC()).start()) {
      String url = "http://" + e.target() + "/metrics";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String body = "";
      while (System.nanoTime() < deadline) {
        body = new Http().get(url).body();
        if (body.contains("livepatch_packages_update_check_success")) {
          return body;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("no package facts within 60 s:\n" + body + "\nlog:\n" + e.log());
    }
  }

  /**
   * What changes from run to run: durations, the Java version, the clock, and during a transition
   * the walk count, which is the number of scrapes made until the package facts were there.
   */
  static String normalize(String body) {
    return body.replaceAll("(?m)^(livepatch_proc_walks_total) [1-9].*", "$1 <walks>")
        .replaceAll("(livepatch_scrape_collector_duration_seconds\\{[^}]*\\}) .*", "$1 <duration>")
        .replaceAll("javaversion=\"[^\"]*\"", "javaversion=\"<java>\"")
        .replaceAll("revision=\"[^\"]*\"", "revision=\"<revision>\"")
        .replaceAll("branch=\"[^\"]*\"", "branch=\"<branch>\"")
        .replaceAll(
            "(?m)^(livepatch_(packages_refresh|transition_start)_timestamp_seconds) [1-9].*",
            "$1 <timestamp>")
        .replaceAll(
            "(?m)^(livepatch_packages_repository_refresh_timestamp_seconds\\{[^}]*\\}) .*",
            "$1 <timestamp>");
  }
}
