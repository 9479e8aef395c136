package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Tools;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch the kernel frees while it is read: on 7.3 reading stack_order waits for klp_mutex, and a
 * patch whose pre-patch callback failed meanwhile was gone when the read went on (sysfs: ENODEV).
 * Here a FIFO stands in for that file: the read waits on it while the patch's directory is removed,
 * then gets nothing. The patch is left out, as one that vanished between two reads is, and nothing
 * is reported as a problem; a file that fails while its patch stays is still one.
 */
class VanishingPatchTest {
  static final String GOING = "livepatch_2_1_1";

  @TempDir Path tmp;

  /** What the kernel does to the patch's directory while the reader waits in its stack_order. */
  interface KernelSide {
    void free(Path dir, Path fifo) throws Exception;
  }

  @Test
  void aPatchFreedWhileItsFilesAreReadIsLeftOut() throws Exception {
    // Once the reader waits in the file, the patch goes, then the read ends.
    assertLeftOut(
        (dir, fifo) -> {
          OutputStream w = Files.newOutputStream(fifo);
          deleteTree(dir);
          w.close();
        });
  }

  /** The directory goes a moment after the failed read, as on 7.3 under QEMU. */
  @Test
  void aPatchWhoseDirectoryGoesJustAfterTheFailedReadIsLeftOut() throws Exception {
    // The read ends with nothing (a failed parse), and only then the directory goes.
    assertLeftOut(
        (dir, fifo) -> {
          Files.newOutputStream(fifo).close();
          Thread.sleep(50);
          Files.move(dir, tmp.resolve("freed"));
        });
  }

  /** A FIFO as the going patch's stack_order; the kernel side runs while a read waits in it. */
  private void assertLeftOut(KernelSide kernelSide) throws Exception {
    Path root = Fixtures.copy("replace-stack", tmp);
    Path dir = root.resolve("sys/kernel/livepatch").resolve(GOING);
    Path fifo = dir.resolve("stack_order");
    Files.delete(fifo);
    Command.Result mkfifo =
        Command.of(Tools.find("mkfifo", "coreutils").toString(), fifo.toString()).run();
    assertEquals(0, mkfifo.exit(), "mkfifo: " + mkfifo.err());
    CompletableFuture<Void> kernel =
        CompletableFuture.runAsync(
            () -> {
              try {
                kernelSide.free(dir, fifo);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.PATCHES);
    kernel.get(30, TimeUnit.SECONDS);
    assertEquals(
        List.of("livepatch_10_2_1", "livepatch_1_1_1"),
        s.patches().stream().map(Patch::name).sorted().toList());
    assertEquals(List.of(), s.problems());
  }

  @Test
  void aFileThatFailsWhileItsPatchStaysIsAProblem() throws Exception {
    Path root = Fixtures.copy("replace-stack", tmp);
    Path stackOrder = root.resolve("sys/kernel/livepatch").resolve(GOING).resolve("stack_order");
    Files.delete(stackOrder);
    Files.createDirectory(stackOrder); // reading it fails: "Is a directory"
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.PATCHES);
    assertEquals(1, s.problems().size(), s.problems().toString());
    assertTrue(
        s.problems().get(0).toString().contains(stackOrder.toString()), s.problems().toString());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
