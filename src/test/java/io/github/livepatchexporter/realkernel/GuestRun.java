package io.github.livepatchexporter.realkernel;

import io.github.livepatchexporter.testutil.Child;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.LocalServer;
import io.github.livepatchexporter.testutil.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run of a guest script: src/test/qemu/run.sh (RealKernelIT) or src/test/qemu/systemd/run.sh
 * (SystemdHostIT). It builds what the guest needs and boots QEMU, whose guest runs the scenarios.
 * This side follows the captures as they arrive, scrapes the exporter in the guest through the
 * forwarded port whenever a phase is ready, and acknowledges it. Closing kills whatever is left of
 * the run and removes its work directory; the logs are kept in LOGS.
 */
final class GuestRun implements AutoCloseable {
  /** How a phase is scraped: by default one GET of /metrics. */
  interface Scraper {
    String scrape(Capture.Checkpoint cp, String url, Http http)
        throws IOException, InterruptedException;
  }

  static final Scraper ONCE =
      (cp, url, http) -> {
        HttpResponse<String> r = http.get(url);
        return r.statusCode() == 200 ? r.body() : "# HTTP " + r.statusCode() + "\n";
      };

  private final Path work;
  private final Path logs;
  private final int port;
  private final Child process;
  private final Scraper scraper;
  private final Capture capture = new Capture(this::scrape);
  private final Http http = new Http();
  private long position;
  private final ByteBuffer partial = ByteBuffer.allocate(1 << 20);

  private GuestRun(Path work, Path logs, int port, Child process, Scraper scraper) {
    this.work = work;
    this.logs = logs;
    this.port = port;
    this.process = process;
    this.scraper = scraper;
  }

  /** The real-kernel guest of KERNEL, running our jar on this JVM's JDK. */
  static GuestRun start(String kernel, Path logs) throws IOException {
    return start(
        logs,
        "src/test/qemu/run.sh",
        List.of("--kernel", kernel, "--java-home", System.getProperty("java.home")),
        ONCE);
  }

  /** SCRIPT of the project with {@code --work} and {@code --port} and ARGS. */
  static GuestRun start(Path logs, String script, List<String> args, Scraper scraper)
      throws IOException {
    Path work = Files.createTempDirectory("livepatch-guest-");
    Files.createDirectories(logs);
    // A port on 127.0.0.1 that nothing listens on now; QEMU forwards it to the guest.
    int port = LocalServer.freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Project.dir().resolve(script).toString());
    cmd.addAll(List.of("--work", work.toString(), "--port", Integer.toString(port)));
    cmd.addAll(args);
    return new GuestRun(work, logs, port, Command.of(cmd).start(logs.resolve("run.log")), scraper);
  }

  /** Follows the captures until the guest is done and QEMU has exited, or the time is up. */
  Capture await(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Path file = work.resolve("capture.log");
    while (true) {
      follow(file);
      if (!process.isAlive()) {
        follow(file);
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the guest did not finish within " + limit.toSeconds() + " s" + diagnosis());
      }
      Thread.sleep(100);
    }
    int exit = process.process.exitValue();
    if (exit != 0 || !capture.done()) {
      throw new AssertionError(
          "run.sh exited "
              + exit
              + (capture.done() ? "" : " before the guest finished its scenarios")
              + diagnosis());
    }
    if (!capture.failures().isEmpty()) {
      throw new AssertionError("the guest failed: " + capture.failures() + diagnosis());
    }
    return capture;
  }

  private void follow(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.position(position);
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      int n;
      while ((n = ch.read(buf)) > 0) {
        position += n;
        buf.flip();
        while (buf.hasRemaining()) {
          byte b = buf.get();
          if (b == '\n') {
            partial.flip();
            String line = StandardCharsets.UTF_8.decode(partial).toString();
            partial.clear();
            capture.accept(line);
          } else {
            partial.put(b);
          }
        }
        buf.clear();
      }
    }
  }

  /** At a checkpoint: scrape /metrics from the host, then let the guest go on. */
  private void scrape(Capture.Checkpoint cp) {
    String url = "http://127.0.0.1:" + port + "/metrics";
    try {
      cp.metrics = scraper.scrape(cp, url, http);
    } catch (IOException e) {
      cp.metrics = "# scraping " + url + " failed: " + e + "\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cp.metrics = "# interrupted\n";
    }
    try {
      Files.writeString(logs.resolve("metrics-" + cp.id + ".prom"), cp.metrics);
      Files.createFile(work.resolve("ctl").resolve("ack." + cp.id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String diagnosis() {
    StringBuilder b = new StringBuilder("\n(logs in ").append(logs).append(")");
    for (String name : List.of("run.log", "console.log")) {
      Path p = name.equals("run.log") ? logs.resolve(name) : work.resolve(name);
      try {
        if (Files.exists(p)) {
          List<String> lines =
              new String(Files.readAllBytes(p), StandardCharsets.UTF_8).lines().toList();
          b.append("\n--- last lines of ").append(name).append('\n');
          lines
              .subList(Math.max(0, lines.size() - 30), lines.size())
              .forEach(l -> b.append(l).append('\n'));
        }
      } catch (IOException e) {
        b.append("\n(").append(name).append(": ").append(e).append(')');
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    process.close();
    for (String name : List.of("console.log", "capture.log", "build.log", "setup.log")) {
      Path p = work.resolve(name);
      if (Files.exists(p)) {
        Files.copy(p, logs.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
