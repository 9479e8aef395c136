package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Command.Result;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.Tools;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/livepatch-exporter serve} and {@code textfile} as a user runs them. */
class ServeIT {
  @TempDir Path tmp;

  @Test
  void thisMachinesKernel() throws Exception {
    try (Serve s = new Serve("--web.listen-address=127.0.0.1:0")) {
      String url = s.awaitListening();
      HttpResponse<String> r = new Http().get(url);
      assertEquals(200, r.statusCode());
      boolean present = Files.isDirectory(Path.of("/sys/kernel/livepatch"));
      assertEquals(
          Optional.of(present ? 1.0 : 0.0),
          PromText.value(r.body(), "livepatch_sysfs_interface_present"),
          r.body());
      assertEquals(
          Optional.of(1.0),
          PromText.value(r.body(), "livepatch_scrape_collector_success", "collector", "patches"),
          r.body());
      assertEquals(200, new Http().get(url.replace("/metrics", "/")).statusCode());
      // SIGTERM (systemctl stop): a clean stop within 2 s, exit 0, so the unit is not failed.
      long start = System.nanoTime();
      s.process.toHandle().destroy();
      assertTrue(s.process.waitFor(2, TimeUnit.SECONDS), "stopped within 2 s");
      assertTrue((System.nanoTime() - start) < TimeUnit.SECONDS.toNanos(2));
      String out = s.output();
      assertEquals(0, s.process.exitValue(), out);
      assertFalse(out.contains("level=error"), out);
      assertFalse(out.contains("Exception"), out);
      assertTrue(out.contains("msg=\"shutting down\""), out);
      assertTrue(out.endsWith("msg=\"stopped\""), out);
    }
  }

  /** The exporter's own process_* and jvm_* from client_java, off with a flag, as node_exporter. */
  @Test
  void exporterMetricsAndTheirFlag() throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp);
    String[] roots =
        Fixtures.on(root, "--web.listen-address=127.0.0.1:0", "--no-collector.packages");
    List<String> families =
        List.of(
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
            "process_virtual_memory_bytes",
            "process_open_fds",
            "process_max_fds",
            "process_start_time_seconds",
            "jvm_memory_used_bytes",
            "jvm_classes_currently_loaded",
            "jvm_gc_collection_seconds_count",
            "jvm_runtime_info");
    try (Serve s = new Serve(roots)) {
      String body = new Http().get(s.awaitListening()).body();
      for (String f : families) {
        assertTrue(body.contains("\n" + f), f + " missing:\n" + body);
      }
      double mib = PromText.value(body, "process_resident_memory_bytes").orElseThrow() / (1 << 20);
      assertTrue(mib > 10 && mib < 512, "resident " + mib + " MiB");
      Tools.assertPromtoolAccepts(body);
    }
    String[] off = java.util.Arrays.copyOf(roots, roots.length + 1);
    off[roots.length] = "--web.disable-exporter-metrics";
    try (Serve s = new Serve(off)) {
      String body = new Http().get(s.awaitListening()).body();
      assertFalse(body.contains("\nprocess_"), body);
      assertFalse(body.contains("\njvm_"), body);
      assertTrue(body.contains("\nlivepatch_exporter_build_info{"), body);
    }
  }

  @Test
  void interruptStopsWithExitZeroAfterClosingTheSocket() throws Exception {
    try (Serve s = new Serve("--web.listen-address=127.0.0.1:0")) {
      URI url = URI.create(s.awaitListening());
      Result kill =
          Command.run(
              List.of(
                  Tools.find("kill", "procps").toString(), "-INT", Long.toString(s.process.pid())));
      assertEquals(0, kill.exit(), kill.both());
      assertTrue(s.process.waitFor(5, TimeUnit.SECONDS), "stopped within 5 s");
      assertEquals(0, s.process.exitValue(), s.output());
      assertThrows(
          ConnectException.class,
          () -> new Socket(url.getHost(), url.getPort()).close(),
          "nothing listens after the exit");
    }
  }

  @Test
  void listensOnSeveralAddressesAndIpv6() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    try (Serve s =
        new Serve(
            Fixtures.on(
                root,
                "--web.listen-address=127.0.0.1:0",
                "--web.listen-address=[::1]:0",
                "--web.telemetry-path=/lp"))) {
      String first = s.awaitListening();
      String second = s.awaitListening();
      assertTrue(second.startsWith("http://[::1]:"), second);
      for (String url : List.of(first, second)) {
        assertTrue(url.endsWith("/lp"), url);
        HttpResponse<String> r = new Http().get(url);
        assertEquals(
            Optional.of(1.0),
            PromText.value(r.body(), "livepatch_transition_in_progress"),
            r.body());
      }
    }
  }

  @Test
  void demoMode() throws Exception {
    try (Serve s =
        new Serve("--demo", "--demo.step-seconds=2", "--web.listen-address=127.0.0.1:0")) {
      String url = s.awaitListening();
      boolean sawTransition = false;
      for (int i = 0; i < 40 && !sawTransition; i++) {
        String body = new Http().get(url).body();
        assertEquals(
            Optional.of(1.0), PromText.value(body, "livepatch_sysfs_interface_present"), body);
        sawTransition =
            PromText.value(body, "livepatch_transition_in_progress").equals(Optional.of(1.0));
        Thread.sleep(250);
      }
      assertTrue(sawTransition, "the demo reaches a transition within a few phases");
      assertTrue(s.output().contains("demo mode"), s.output());
      // node_exporter's habit: the version and the collectors enabled, once it serves.
      assertTrue(
          s.output().contains("level=info msg=\"started livepatch_exporter version=")
              && s.output().contains(" collectors=patches,transition,kgraft,packages\""),
          s.output());
    }
  }

  @Test
  void aPortInUseIsOneClearLine() throws Exception {
    try (Serve first = new Serve("--web.listen-address=127.0.0.1:0")) {
      String url = first.awaitListening();
      String address = url.replaceAll("^https?://([^/]+)/.*$", "$1");
      Result r = Bin.run("livepatch-exporter", "serve", "--web.listen-address=" + address);
      assertEquals(1, r.exit());
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r.err());
      assertEquals(
          "livepatch-exporter: --web.listen-address: cannot listen on "
              + address
              + ": Address already in use",
          lines.get(0));
      // With two addresses, the one that is taken is named.
      Result second =
          Bin.run(
              "livepatch-exporter",
              "serve",
              "--web.listen-address=127.0.0.1:0",
              "--web.listen-address=" + address);
      assertEquals(1, second.exit());
      assertEquals(
          "livepatch-exporter: --web.listen-address: cannot listen on "
              + address
              + ": Address already in use\n",
          second.err());
    }
  }

  @Test
  void textfileIsWrittenAtomically() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path out = Files.createDirectories(tmp.resolve("textfile")).resolve("livepatch.prom");
    Result r = Bin.run("livepatch-exporter", Bin.command("textfile", root, out.toString()));
    assertEquals(new Result(0, "", ""), r);
    String text = Files.readString(out);
    assertEquals(
        Optional.of(4.0), PromText.value(text, "livepatch_transition_blocking_processes"), text);
    // One read of the kernel: the package lookup shares the collectors' walk of /proc.
    assertEquals(Optional.of(1.0), PromText.value(text, "livepatch_proc_walks_total"), text);
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertEquals(
          List.of(out, Path.of(out + ".state")),
          files.sorted().toList(),
          "the state beside it, no temporary file left");
    }
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
  }

  /**
   * Run from a timer, textfile keeps the time it first saw the transition, as the server does, so
   * that the stall alert can fire; a deleted or garbled state file restarts the clock with one
   * warning.
   */
  @Test
  void textfileKeepsItsTransitionClockAcrossRuns() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path out = Files.createDirectories(tmp.resolve("textfile")).resolve("livepatch.prom");
    Path state = Path.of(out + ".state");
    String[] args = Bin.command("textfile", root, out.toString());
    assertEquals(new Result(0, "", ""), Bin.run("livepatch-exporter", args));
    double first = startTime(out);
    assertTrue(first > 0, Files.readString(out));
    Thread.sleep(1100);
    assertEquals(new Result(0, "", ""), Bin.run("livepatch-exporter", args));
    assertEquals(first, startTime(out), "the same transition, the same start");
    assertEquals(
        Optional.of(2.0),
        PromText.value(Files.readString(out), "livepatch_proc_walks_total"),
        "a counter");

    Files.delete(state);
    Result deleted = Bin.run("livepatch-exporter", args);
    assertEquals(0, deleted.exit());
    assertEquals(1, deleted.err().lines().count(), deleted.err());
    assertTrue(
        deleted.err().contains("no state file beside the output: the transition clock starts anew"),
        deleted.err());
    double second = startTime(out);
    assertTrue(second > first, second + " after " + first);

    Files.writeString(state, "transition x/patching yesterday\n");
    Result garbled = Bin.run("livepatch-exporter", args);
    assertEquals(0, garbled.exit());
    assertEquals(1, garbled.err().lines().count(), garbled.err());
    assertTrue(
        garbled.err().contains(state + ": not a state file (line 1: not a number"), garbled.err());
    assertFalse(garbled.err().contains("Exception"), garbled.err());
    assertTrue(
        Files.readString(state).contains("transition livepatch_sleeper_2_1_1/patching 17"),
        Files.readString(state));
  }

  private static double startTime(Path prom) throws Exception {
    return PromText.value(Files.readString(prom), "livepatch_transition_start_timestamp_seconds")
        .orElseThrow();
  }
}
