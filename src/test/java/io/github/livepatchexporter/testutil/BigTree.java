package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated /sys and /proc tree with a patching transition in progress: {@code processes} ×
 * {@code threads} tasks, every {@code blockEvery}-th of them still unpatched (blocking). The tests
 * that need a big host and the benchmarks in {@code bench/} use it.
 */
public final class BigTree {
  public static final String PATCH = "livepatch_big_1_1";

  private BigTree() {}

  public static Path create(Path dir, int processes, int threads, int blockEvery)
      throws IOException {
    return create(dir, processes, threads, blockEvery, true);
  }

  /**
   * With {@code inTransition} false the patch is applied and every task's {@code patch_state} is
   * -1, as the kernel shows it outside a transition.
   */
  public static Path create(
      Path dir, int processes, int threads, int blockEvery, boolean inTransition)
      throws IOException {
    Path lp = Files.createDirectories(dir.resolve("sys/kernel/livepatch").resolve(PATCH));
    Files.writeString(lp.resolve("enabled"), "1\n");
    Files.writeString(lp.resolve("transition"), inTransition ? "1\n" : "0\n");
    Files.createDirectories(lp.resolve("vmlinux/cmdline_proc_show,1"));
    Files.writeString(lp.resolve("vmlinux/patched"), "1\n");
    Path mod = Files.createDirectories(dir.resolve("sys/module").resolve(PATCH));
    Files.writeString(mod.resolve("taint"), "OEK\n");
    Files.writeString(mod.resolve("refcnt"), "1\n");
    Path kernel = Files.createDirectories(dir.resolve("proc/sys/kernel"));
    Files.writeString(kernel.resolve("osrelease"), "6.1.0-28-amd64\n");
    Files.writeString(kernel.resolve("tainted"), "45056\n");
    int n = 0;
    for (int p = 0; p < processes; p++) {
      int pid = 1000 + p * (threads + 1);
      for (int t = 0; t < threads; t++) {
        int state = n++ % blockEvery == 0 ? 0 : 1;
        task(dir, pid, pid + t, inTransition ? state : -1);
      }
    }
    return dir;
  }

  /**
   * Writes one task directory; {@code patchState} 0 blocks the transition. Only blocking tasks get
   * comm, cmdline and stat, the files the exporter reads for blockers only.
   */
  public static void task(Path dir, int pid, int tid, int patchState) throws IOException {
    Path t = Files.createDirectories(dir.resolve("proc/" + pid + "/task/" + tid));
    Files.writeString(t.resolve("patch_state"), patchState + "\n");
    if (patchState != 0) {
      return;
    }
    Files.writeString(t.resolve("comm"), "worker-" + (tid % 7) + "\n");
    Files.writeString(t.resolve("cmdline"), "/usr/bin/worker\0--id\0" + pid + "\0");
    Files.writeString(
        t.resolve("stat"), tid + " (worker) S 1 " + pid + " " + pid + " 0 -1 4194560 0 0 0 0\n");
  }
}
