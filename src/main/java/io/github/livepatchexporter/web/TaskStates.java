package io.github.livepatchexporter.web;

/**
 * The scheduler's state letters of {@code /proc/<pid>/task/<tid>/stat} (fs/proc/array.c,
 * task_state_array), as the landing page's legend explains them.
 */
final class TaskStates {
  private TaskStates() {}

  /** The kernel's name of the state. */
  static String name(char state) {
    return switch (state) {
      case 'R' -> "running";
      case 'S' -> "sleeping";
      case 'D' -> "disk sleep";
      case 'T' -> "stopped";
      case 't' -> "tracing stop";
      case 'X' -> "dead";
      case 'Z' -> "zombie";
      case 'P' -> "parked";
      case 'I' -> "idle";
      default -> "unknown";
    };
  }

  /** What the state means for a transition. */
  static String explain(char state) {
    return switch (state) {
      case 'R' ->
          "running: switches on its way back to user space, or once its stack holds no patched"
              + " function.";
      case 'S' ->
          "sleeping, interruptible: a signal wakes it to switch (kgr poke, or the kernel's own"
              + " after 15 s of transition).";
      case 'D' ->
          "uninterruptible sleep (disk, NFS, a lock): signals do not wake it; it blocks until the"
              + " wait ends. Look at its stack with klp -vv blocking.";
      case 'T' -> "stopped (SIGSTOP or job control): crosses once continued.";
      case 't' -> "stopped by a tracer (ptrace): crosses once the tracer lets it go.";
      case 'X', 'Z' -> "dead or zombie: gone once its parent reaps it.";
      case 'P' -> "parked kernel thread: crosses when unparked.";
      case 'I' -> "idle kernel thread: crosses when it next runs.";
      default -> "state not read (stat unreadable or unknown letter).";
    };
  }
}
