package io.github.livepatchexporter.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** The phases of one guest run, each printed and checked against the kernel's view of it. */
final class Phases {
  private final Capture capture;
  private final Path logs;
  private final Path log;

  Phases(Capture capture, Path logs) {
    this.capture = capture;
    this.logs = logs;
    this.log = logs.resolve("scenarios.log");
  }

  /**
   * Builds, boots and runs the guest of KERNEL (a name of {@link TestKernels}) once, keeping its
   * logs in LOGS. A missing tool fails here with the package that provides it; a kernel that does
   * not boot or modules that do not build fail the run.
   */
  static Phases boot(String kernel, Path logs) throws IOException, InterruptedException {
    Tools.find("qemu-system-x86_64", "qemu-system-x86");
    Tools.find("busybox", "busybox-static");
    Tools.find("cpio", "cpio");
    Tools.find("modprobe", "kmod");
    Tools.find("make", "make");
    Path jar = Project.dir().resolve("target/livepatch-exporter.jar");
    assertTrue(Files.isRegularFile(jar), jar + " missing: run 'mvn verify', which packages first");
    Files.createDirectories(logs);
    Files.deleteIfExists(logs.resolve("scenarios.log"));
    long start = System.nanoTime();
    Capture capture = null;
    try (GuestRun run = GuestRun.start(kernel, logs)) {
      capture = run.await(Duration.ofMinutes(20));
    } finally {
      long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      String release = capture == null ? "?" : capture.release().orElse("?");
      String line =
          "real kernel "
              + kernel
              + " ("
              + release
              + "): module build, boot and scenarios took "
              + s
              + " s";
      System.out.println(line);
      Files.writeString(logs.resolve("time.txt"), line + "\n");
    }
    return new Phases(capture, logs);
  }

  /** Where this run's logs are. */
  Path logs() {
    return logs;
  }

  Capture capture() {
    return capture;
  }

  /**
   * Prints the phase (kernel, CLI, /metrics side by side), then checks that it held while the CLI
   * and the exporter looked at it, and that both agree with the kernel.
   */
  Checkpoint check(String id) throws IOException {
    Checkpoint cp = show(id);
    if (!id.equals("8a")) { // kgr poke changes the phase on purpose
      assertEquals(cp.kernel.phase(), cp.kernelAfter.phase(), "checkpoint " + id + " held");
    }
    CliOracle.check(cp);
    MetricsOracle.check(id, cp.kernel, new Metrics(cp.metrics));
    return cp;
  }

  /** Prints the phase (kernel, CLI, /metrics side by side) and returns it, unchecked. */
  Checkpoint show(String id) throws IOException {
    Checkpoint cp =
        capture.checkpoint(id).orElseThrow(() -> new AssertionError("no checkpoint " + id));
    String text = ScenarioLog.render(cp);
    System.out.print(text);
    Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return cp;
  }

  static Metrics metrics(Checkpoint cp) {
    return new Metrics(cp.metrics);
  }

  /** The kernel logged each of LINES (a suffix of a dmesg line). */
  static void assertDmesg(KernelView k, String... lines) {
    for (String line : lines) {
      assertTrue(k.dmesg().stream().anyMatch(l -> l.endsWith(line)), line + " in " + k.dmesg());
    }
  }

  /** The reader printed which implementation of lpe_sleeper_wait() released it. */
  void assertReaderReleasedBy(int reader, int implementation) {
    String note = "reader " + reader + ": released by implementation " + implementation;
    assertTrue(capture.notes().contains(note), note + " in " + capture.notes());
  }

  static void assertBlockingMetrics(Metrics m, int processes, int kernelS, int userS) {
    assertEquals(processes, m.value("livepatch_transition_blocking_processes"));
    assertEquals(
        kernelS, m.value("livepatch_transition_blocking_threads{kind=\"kernel\",state=\"S\"}"));
    assertEquals(
        userS, m.value("livepatch_transition_blocking_threads{kind=\"user\",state=\"S\"}"));
  }
}
