package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.Project;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/livepatch-exporter serve} and {@code textfile} as a user runs them. */
class ServeIT {
  static final Pattern LISTENING = Pattern.compile("listening on (https?)://([^/]+)(/\\S*)\"");

  @TempDir Path tmp;

  /** A running {@code serve}: its process, its log lines so far, and the URL it logged. */
  static final class Serve implements AutoCloseable {
    final Process process;
    final List<String> log = new ArrayList<>();
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    String url;

    Serve(String... args) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Project.dir().resolve("bin/livepatch-exporter").toString());
      cmd.add("serve");
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (java.io.IOException e) {
                  // the process ended and its output was closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for the "listening on" line and returns the metrics URL. */
    String awaitListening() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null) {
          log.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url = m.group(1) + "://" + m.group(2) + m.group(3);
            return url;
          }
        }
        if (!process.isAlive()) {
          lines.drainTo(log);
          throw new AssertionError(
              "serve exited " + process.exitValue() + ":\n" + String.join("\n", log));
        }
      }
      throw new AssertionError("serve did not log its address:\n" + String.join("\n", log));
    }

    String output() {
      lines.drainTo(log);
      return String.join("\n", log);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

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
      // SIGTERM: a clean stop within 2 s.
      long start = System.nanoTime();
      s.process.toHandle().destroy();
      assertTrue(s.process.waitFor(2, TimeUnit.SECONDS), "stopped within 2 s");
      assertTrue((System.nanoTime() - start) < TimeUnit.SECONDS.toNanos(2));
      String out = s.output();
      assertFalse(out.contains("level=error"), out);
      assertFalse(out.contains("Exception"), out);
      assertTrue(out.contains("msg=\"shutting down\""), out);
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
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
  }
}
