package io.github.livepatchexporter.realkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.realkernel.KernelView.Blocker;
import java.util.List;
import java.util.Optional;

/**
 * The two sleepers of the scenarios, as the kernel shows them: the kernel thread of lpe_sleeper and
 * a {@code cat /proc/lpe_sleeper}, both asleep in lpe_sleeper_wait() or its replacement.
 */
record Sleepers(int kthread, int reader) {
  /** The PIDs the guest recorded at a checkpoint ("sleeper kthread=K reader=R"). */
  static Sleepers of(KernelView k) {
    String[] w = k.values().get("sleeper").split(" ");
    int reader =
        w[1].equals("reader=-") ? -1 : Integer.parseInt(w[1].substring("reader=".length()));
    return new Sleepers(Integer.parseInt(w[0].substring("kthread=".length())), reader);
  }

  static Blocker blocker(KernelView k, int pid) {
    return k.blockers().stream()
        .filter(b -> b.pid() == pid)
        .findFirst()
        .orElseThrow(() -> new AssertionError(pid + " does not block: " + k.blockers()));
  }

  /** "K\nR\n": the PIDs as klp blocking prints them, ascending. */
  String pidLines() {
    return Math.min(kthread, reader) + "\n" + Math.max(kthread, reader) + "\n";
  }

  /**
   * The transition of PATCH towards TARGET is held by exactly these two, each asleep in FUNCTION of
   * MODULE, and by nothing else the kernel shows.
   */
  void holdTransition(KernelView k, String patch, int target, String function, String module) {
    assertEquals(Optional.of(patch), k.transitionPatch());
    assertEquals(target, k.target());
    assertEquals(List.of(Math.min(kthread, reader), Math.max(kthread, reader)), k.blockingPids());
    Blocker t = blocker(k, kthread);
    Blocker r = blocker(k, reader);
    assertTrue(t.kernelThread(), t.toString());
    assertEquals("lpe_sleeper", t.comm());
    assertEquals("", t.cmdline(), "a kernel thread has no command line");
    assertFalse(r.kernelThread(), r.toString());
    assertEquals("cat", r.comm());
    assertEquals("cat /proc/lpe_sleeper", r.cmdline());
    for (Blocker b : List.of(t, r)) {
      assertEquals('S', b.state(), b.toString());
      assertEquals(1 - target, b.patchState(), b.toString());
      assertTrue(onTop(b.stack().get(0), function, module), b.stack().get(0));
    }
  }

  /** Whether a line of /proc/PID/stack is FUNCTION of MODULE. */
  static boolean onTop(String frame, String function, String module) {
    String f = frame.startsWith("[<0>] ") ? frame.substring(6) : frame;
    return f.startsWith(function + "+") && f.endsWith("[" + module + "]");
  }
}
