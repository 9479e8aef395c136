package io.github.livepatchexporter.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.realkernel.Capture.Command;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.Packages;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter as a fleet runs it: our .deb installed with dpkg -i into a Debian root with systemd,
 * booted under QEMU with the real-kernel test's kernel and modules (src/test/qemu/systemd/run.sh);
 * systemd starts livepatch-exporter.service at boot, as its own user with only CAP_DAC_READ_SEARCH,
 * and the scenario of src/test/qemu/systemd/test.sh stalls a transition, stops and starts the unit
 * and refreshes the repositories while this side scrapes the exporter through a forwarded port.
 * Logs, with what systemd, the exporter and root's klp said: target/systemd-host/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdHostIT {
  static final Path LOGS = Project.dir().resolve("target/systemd-host");
  static final String UNIT = "livepatch-exporter.service";
  static final String STATE =
      "systemctl show "
          + UNIT
          + " -p ActiveState -p SubState -p Result -p ExecMainCode -p ExecMainStatus -p NRestarts";
  static final String AS_SERVICE_USER =
      "setpriv --reuid=livepatch-exporter --regid=livepatch-exporter --clear-groups -- ";

  /** The exposure systemd-analyze gave the unit when this test was written; never more. */
  static final double EXPOSURE = 2.0;

  static Capture capture;
  static String release;

  @BeforeAll
  static void bootTheHost() throws Exception {
    for (String[] t :
        List.of(
            new String[] {"qemu-system-x86_64", "qemu-system-x86"},
            new String[] {"mke2fs", "e2fsprogs"},
            new String[] {"rpmbuild", "rpm"},
            new String[] {"createrepo_c", "createrepo-c"},
            new String[] {"mmdebstrap", "mmdebstrap"},
            new String[] {"busybox", "busybox-static"})) {
      Tools.find(t[0], t[1]);
    }
    Files.createDirectories(LOGS);
    Files.deleteIfExists(LOGS.resolve("scenarios.log"));
    List<String> debs =
        List.of("--deb", Packages.deb().toString(), "--deb", Packages.klpDeb().toString());
    long start = System.nanoTime();
    try (GuestRun run =
        GuestRun.start(LOGS, "src/test/qemu/systemd/run.sh", debs, SystemdHostIT::scrape)) {
      capture = run.await(Duration.ofMinutes(15));
    } finally {
      long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      System.out.println("systemd host: install, boot and scenario took " + s + " s");
    }
    release = capture.release().orElseThrow();
  }

  /**
   * Scrapes a phase; where the exporter's background package lookup has to catch up with the phase
   * (a new patch module, a refreshed repository), until it has, for at most 90 s (the guest waits
   * 120 s for its acknowledgement).
   */
  static String scrape(Checkpoint cp, String url, Http http)
      throws IOException, InterruptedException {
    Predicate<String> settled =
        switch (cp.id) {
          case "2" -> body -> body.contains("livepatch_packages_update_check_success ");
          case "4" -> body -> body.contains("livepatch_packages_update_check_success 1.0");
          default -> body -> true;
        };
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      HttpResponse<String> r;
      try {
        r = http.get(url);
      } catch (ConnectException e) {
        return "# scraping " + url + " failed: " + e + "\n";
      }
      String body = r.statusCode() == 200 ? r.body() : "# HTTP " + r.statusCode() + "\n";
      if (settled.test(body) || System.nanoTime() > deadline) {
        return body;
      }
      Thread.sleep(1000);
    }
  }

  /** Logs the phase as RealKernelIT does: the kernel, every command and its output, /metrics. */
  static Checkpoint phase(String id) throws IOException {
    Checkpoint cp =
        capture.checkpoint(id).orElseThrow(() -> new AssertionError("no checkpoint " + id));
    String text = ScenarioLog.render(cp) + metricsLines(cp);
    System.out.print(text);
    Files.writeString(
        LOGS.resolve("scenarios.log"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return cp;
  }

  /** The package facts of /metrics, which RealKernelIT's log leaves out. */
  private static String metricsLines(Checkpoint cp) {
    StringBuilder b = new StringBuilder();
    cp.metrics
        .lines()
        .filter(
            l ->
                l.startsWith("livepatch_packages_")
                    || l.startsWith("livepatch_patch_update")
                    || l.startsWith("livepatch_cve_fixed")
                    || l.startsWith("livepatch_patch_info")
                    || l.startsWith("livepatch_scrape_collector_success")
                    || l.startsWith("livepatch_tasks_")
                    || l.startsWith("# scraping"))
        .forEach(l -> b.append("    ").append(l).append('\n'));
    return b.toString();
  }

  @Test
  @Order(0)
  void theHostRanEveryStep() {
    assertEquals(
        List.of("1", "2", "3", "4", "5"), capture.checkpoints().stream().map(c -> c.id).toList());
    assertTrue(
        capture.notes().stream().noneMatch(n -> n.contains("timed out")),
        String.join("\n", capture.notes()));
  }

  @Test
  @Order(1)
  void systemdStartsTheUnitAtBootAsItsOwnUserWithOneCapability() throws Exception {
    Checkpoint cp = phase("1");
    Map<String, String> state = properties(cp.command(STATE));
    assertEquals("active", state.get("ActiveState"), state.toString());
    assertEquals("running", state.get("SubState"), state.toString());
    String uid = cp.command("getent passwd livepatch-exporter").out().split(":")[2];
    Map<String, String> process = new TreeMap<>();
    String status = cp.commands.get(1).out();
    for (String line : status.lines().toList()) {
      String[] kv = line.split("[:\\s]+", 2);
      process.put(kv[0], kv[1].strip());
    }
    assertEquals("livepatch-exporter", process.get("user"), status);
    assertEquals(String.join("\t", uid, uid, uid, uid), process.get("Uid"), status);
    // Bit 2 alone: CAP_DAC_READ_SEARCH, in every set that matters; no other capability at all.
    for (String set : List.of("CapPrm", "CapEff", "CapBnd", "CapAmb")) {
      assertEquals("0000000000000004", process.get(set), set + " in\n" + status);
    }
    assertEquals("1", process.get("NoNewPrivs"), status);
    assertEquals(
        "archive made at install\n",
        cp.commands.get(3).out(),
        "the package's post-install script made the class-data archive of the CLI");
    assertEquals(new Command("klp status", 0, "ready\n", ""), cp.command("klp status"));
  }

  @Test
  @Order(2)
  void systemdRatesTheUnitsExposureNoWorseThanBefore() throws Exception {
    Command c = phase("1").command("systemd-analyze security --no-pager " + UNIT);
    Matcher m =
        Pattern.compile("Overall exposure level for " + Pattern.quote(UNIT) + ": ([0-9.]+)")
            .matcher(c.out());
    assertTrue(m.find(), c.out() + c.err());
    double exposure = Double.parseDouble(m.group(1));
    System.out.println("systemd host: systemd-analyze security exposure " + exposure);
    assertTrue(exposure <= EXPOSURE, "exposure " + exposure + " > " + EXPOSURE + "\n" + c.out());
  }

  /** The exporter, as its user, sees exactly the blockers root's klp lists and the kernel has. */
  @Test
  @Order(3)
  void metricsListTheBlockersRootsKlpLists() throws Exception {
    Checkpoint cp = phase("2");
    KernelView k = cp.kernel;
    assertEquals(k.phase(), cp.kernelAfter.phase(), "the phase held");
    assertEquals(3, k.blockers().size(), "the kernel thread and two readers: " + k.blockers());
    // Root's klp against the kernel, as RealKernelIT checks it.
    assertEquals(
        new Command("klp blocking", 0, CliOracle.blocking(k, 0), ""), cp.command("klp blocking"));
    assertEquals(
        new Command("klp -vv blocking", 0, CliOracle.blocking(k, 2), ""),
        cp.command("klp -vv blocking"));
    Metrics m = new Metrics(cp.metrics);
    MetricsOracle.check("2", k, m); // every blocker, by state, kind and command; none unreadable
    assertEquals(
        new TreeSet<>(k.blockingPids()),
        new TreeSet<>(cp.command("klp blocking").out().lines().map(Integer::valueOf).toList()));
    assertEquals(
        (double) k.blockingPids().size(), m.value("livepatch_transition_blocking_processes"));
    assertEquals(0.0, m.value("livepatch_tasks_unreadable"));
  }

  @Test
  @Order(4)
  void packageLookupsAsTheServiceUserAreHonestlyUnknownWithoutACache() throws Exception {
    Checkpoint cp = phase("2");
    Metrics m = new Metrics(cp.metrics);
    String rpm = "kernel-livepatch-" + release.replaceAll("[.-]", "_") + "-1-1.x86_64";
    assertEquals(1.0, m.value("livepatch_scrape_collector_success{collector=\"packages\"}"));
    assertTrue(
        m.family("livepatch_patch_info").keySet().stream()
            .anyMatch(s -> s.contains("rpm=\"" + rpm + "\"")),
        cp.metrics);
    assertEquals(1.0, m.value("livepatch_cve_fixed{cve=\"CVE-2026-10001\"}"));
    // "lpe" was refreshed by root when the host was set up; "other" never was.
    assertEquals(0.0, m.value("livepatch_packages_update_check_success"));
    assertTrue(
        m.value("livepatch_packages_repository_refresh_timestamp_seconds{repository=\"lpe\"}") > 0);
    assertEquals(
        0.0,
        m.value("livepatch_packages_repository_refresh_timestamp_seconds{repository=\"other\"}"));
    assertEquals(Map.of(), m.family("livepatch_patch_update_available"));
    // The package's changelog, as src/test/qemu/systemd/run.sh writes it for version 1.
    assertEquals(
        new Command(
            "klp -v patches",
            0,
            "lpe_patch_sleeper\n    active: 1\n    RPM: "
                + rpm
                + "\n    CVE: CVE-2026-10001\n    bug fixes and enhancements: bsc#1250001\n",
            ""),
        cp.command("klp -v patches"));
    Command user = cp.command(AS_SERVICE_USER + "klp -vv patches");
    assertEquals(0, user.exit(), user.err());
    assertTrue(user.out().contains("    RPM: " + rpm + "\n"), user.out());
    assertTrue(user.out().endsWith("    update: unknown\n"), user.out());
    assertEquals(
        "klp: warning: update status unknown: no cached metadata for repositories other"
            + " (root refreshes it: zypper refresh)\n",
        user.err());
  }

  @Test
  @Order(5)
  void systemctlStopLeavesTheUnitInactiveNotFailed() throws Exception {
    Checkpoint cp = phase("3");
    assertEquals(0, cp.command("systemctl stop " + UNIT).exit());
    Map<String, String> state = properties(cp.command(STATE));
    assertEquals("inactive", state.get("ActiveState"), state.toString());
    assertEquals("success", state.get("Result"), state.toString());
    assertEquals("0", state.get("ExecMainStatus"), state.toString());
    assertEquals("inactive\n", cp.command("systemctl is-failed " + UNIT).out());
    assertTrue(cp.metrics.startsWith("# scraping"), "nothing listens: " + cp.metrics);
  }

  @Test
  @Order(6)
  void systemctlStartBringsItBackAndARefreshByRootMakesTheUpdateKnown() throws Exception {
    Checkpoint cp = phase("4");
    Map<String, String> state = properties(cp.command(STATE));
    assertEquals("active", state.get("ActiveState"), state.toString());
    assertEquals("0", state.get("NRestarts"), "started, not restarted after a failure");
    assertEquals(0, cp.command("zypper --non-interactive refresh").exit());
    Metrics m = new Metrics(cp.metrics);
    assertEquals(1.0, m.value("livepatch_packages_update_check_success"));
    assertEquals(1.0, m.value("livepatch_patch_update_available{patch=\"lpe_patch_sleeper\"}"));
    assertTrue(
        m.value("livepatch_packages_repository_refresh_timestamp_seconds{repository=\"other\"}")
            > 0);
    assertEquals(1.0, m.value("livepatch_scrape_collector_success{collector=\"packages\"}"));
    MetricsOracle.check("4", cp.kernel, m);
    for (String line : List.of("klp -vv patches", AS_SERVICE_USER + "klp -vv patches")) {
      Command c = cp.command(line);
      assertEquals("", c.err(), line);
      assertTrue(c.out().endsWith("    update: 2-1 available\n"), line + ": " + c.out());
    }
  }

  @Test
  @Order(7)
  void theJournalHoldsNoStackTrace() throws Exception {
    Checkpoint cp = phase("5");
    assertEquals(new Command("klp status", 0, "ready\n", ""), cp.command("klp status"));
    String journal = cp.command("journalctl -u " + UNIT + " --no-pager -o short-monotonic").out();
    for (String trace : List.of("Exception", "\tat ", " at java.", " at io.github", "Caused by")) {
      assertFalse(journal.contains(trace), trace + " in the journal:\n" + journal);
    }
    assertFalse(journal.contains("level=error"), journal);
    assertEquals(2, count(journal, "msg=\"listening on "), journal);
    assertEquals(1, count(journal, "msg=\"stopped\""), journal);
    // With CAP_DAC_READ_SEARCH the unit reads every task: no warning that it cannot.
    assertEquals(0, count(journal, "cannot be read"), journal);
    // The unknown update status was logged once per run of the exporter, not per lookup.
    assertTrue(count(journal, "update status unknown") <= 2, journal);
    assertTrue(count(journal, "update status unknown") >= 1, journal);
  }

  private static Map<String, String> properties(Command c) {
    Map<String, String> p = new TreeMap<>();
    for (String line : c.out().lines().toList()) {
      int eq = line.indexOf('=');
      p.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return p;
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }
}
