package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.Serve;
import io.github.livepatchexporter.testutil.Tools;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
      assertTrue(
          r.body()
              .contains("\nlivepatch_sysfs_interface_present " + (present ? "1.0" : "0.0") + "\n"),
          r.body());
      assertTrue(
          r.body().contains("livepatch_scrape_collector_success{collector=\"patches\"} 1.0"),
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

  @Test
  void interruptStopsWithExitZeroAfterClosingTheSocket() throws Exception {
    try (Serve s = new Serve("--web.listen-address=127.0.0.1:0")) {
      URI url = URI.create(s.awaitListening());
      Command.Result kill =
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
            "--web.listen-address=127.0.0.1:0",
            "--web.listen-address=[::1]:0",
            "--web.telemetry-path=/lp",
            "--path.sysfs=" + root.resolve("sys"),
            "--path.procfs=" + root.resolve("proc"))) {
      String first = s.awaitListening();
      String second = s.awaitListening();
      assertTrue(second.contains("[0:0:0:0:0:0:0:1]"), second);
      for (String url : List.of(first, second)) {
        assertTrue(url.endsWith("/lp"), url);
        HttpResponse<String> r = new Http().get(url);
        assertTrue(r.body().contains("livepatch_transition_in_progress 1.0"), r.body());
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
        assertTrue(body.contains("livepatch_sysfs_interface_present 1.0"), body);
        sawTransition = body.contains("livepatch_transition_in_progress 1.0");
        Thread.sleep(250);
      }
      assertTrue(sawTransition, "the demo reaches a transition within a few phases");
      assertTrue(s.output().contains("demo mode"), s.output());
    }
  }

  @Test
  void aPortInUseIsOneClearLine() throws Exception {
    try (Serve first = new Serve("--web.listen-address=127.0.0.1:0")) {
      String url = first.awaitListening();
      String address = url.replaceAll("^https?://([^/]+)/.*$", "$1");
      CliIT.Result r = CliIT.run("livepatch-exporter", "serve", "--web.listen-address=" + address);
      assertEquals(1, r.exit());
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(
          lines.get(0).startsWith("livepatch-exporter: --web.listen-address: cannot listen on"),
          r.err());
    }
  }

  @Test
  void textfileIsWrittenAtomically() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path out = Files.createDirectories(tmp.resolve("textfile")).resolve("livepatch.prom");
    Files.writeString(out, "old content\n");
    CliIT.Result r =
        CliIT.run(
            "livepatch-exporter",
            "textfile",
            "--path.sysfs=" + root.resolve("sys"),
            "--path.procfs=" + root.resolve("proc"),
            out.toString());
    assertEquals(new CliIT.Result(0, "", ""), r);
    String text = Files.readString(out);
    assertTrue(text.contains("livepatch_transition_blocking_processes 4.0\n"), text);
    // One read of the kernel: the package lookup shares the collectors' walk of /proc.
    assertTrue(text.contains("livepatch_proc_walks_total 1.0\n"), text);
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
  }
}
