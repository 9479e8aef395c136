package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.Serve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as an unprivileged user (nobody, through util-linux's setpriv when the test runs as
 * root) during a transition: it keeps serving, counts the tasks it could not read, logs one warning
 * and never crashes.
 */
class WithoutRootIT {
  @TempDir Path tmp;

  /** This machine's own /proc, with a fixture sysfs that says a transition is in progress. */
  @Test
  void realProc() throws Exception {
    Path root = readableByAll(Fixtures.copy("patching-stalled", tmp));
    double unreadable = scrapeAsUnprivileged(root.resolve("sys"), Path.of("/proc"));
    System.out.printf("without root: %.0f tasks of the real /proc could not be read%n", unreadable);
    // Other users' patch_state is mode 0400; on a kernel without CONFIG_LIVEPATCH it is absent.
    // Either way it is counted, and the walk goes on.
    assertTrue(unreadable > 0, "tasks whose patch_state cannot be read are counted: " + unreadable);
  }

  /** A fixture /proc whose patch_state files the user may not open: the kernel says EACCES. */
  @Test
  void permissionDenied() throws Exception {
    Path root = readableByAll(Fixtures.copy("patching-stalled", tmp));
    long files;
    try (Stream<Path> walk = Files.walk(root.resolve("proc"))) {
      List<Path> states =
          walk.filter(p -> p.getFileName().toString().equals("patch_state")).toList();
      for (Path p : states) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
      }
      files =
          states.stream()
              .filter(p -> p.getParent().getParent().getFileName().toString().equals("task"))
              .count();
    }
    double unreadable = scrapeAsUnprivileged(root.resolve("sys"), root.resolve("proc"));
    assertEquals(files, (long) unreadable, "every thread's patch_state was denied");
  }

  private double scrapeAsUnprivileged(Path sysfs, Path procfs) throws Exception {
    List<String> prefix = Bin.asNobody();
    double unreadable = -1;
    try (Serve s =
        new Serve(
            prefix,
            "--web.listen-address=127.0.0.1:0",
            "--path.sysfs=" + sysfs,
            "--path.procfs=" + procfs,
            "--no-collector.packages")) {
      String url = s.awaitListening();
      for (int i = 0; i < 5; i++) {
        String body = new Http().get(url).body();
        assertEquals(
            Optional.of(1.0), PromText.value(body, "livepatch_transition_in_progress"), body);
        assertEquals(
            Optional.of(1.0),
            PromText.value(body, "livepatch_scrape_collector_success", "collector", "transition"),
            body);
        unreadable = PromText.value(body, "livepatch_tasks_unreadable").orElseThrow();
      }
      assertTrue(s.process.isAlive(), "still serving:\n" + s.output());
      String out = s.output();
      assertEquals(1, out.lines().filter(l -> l.contains("level=warn")).count(), out);
      assertTrue(out.contains("running as non-root user"), out);
      assertFalse(out.contains("level=error") || out.contains("Exception"), out);
    }
    return unreadable;
  }

  /** nobody must reach the fixture as it reaches the real /sys: directories 755, files 644. */
  private Path readableByAll(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(tmp)) {
      for (Path p : walk.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return root;
  }
}
