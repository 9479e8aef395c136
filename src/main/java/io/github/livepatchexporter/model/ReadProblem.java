package io.github.livepatchexporter.model;

/**
 * A file that could not be read or parsed.
 *
 * @param path the path as the user gave the roots, for example {@code
 *     /sys/kernel/livepatch/p/enabled}
 * @param message what went wrong, in a few words
 * @param scope whether the host-level answer depends on the file or a single task only
 * @param source which part of the kernel's state the file belongs to: a collector that shows that
 *     part fails when one of its host-level files does
 */
public record ReadProblem(String path, String message, Scope scope, Source source) {

  /** What a problem spoils. */
  public enum Scope {
    /** A sysfs or host-level file: the answer built from it may be wrong. */
    HOST,
    /** One task's file: that task is skipped or shown incomplete. */
    TASK
  }

  /** The part of the kernel's state a file belongs to. */
  public enum Source {
    /** {@code /sys/kernel/livepatch}: the patches and their transition. */
    LIVEPATCH,
    /** {@code /sys/kernel/kgraft} and {@code /sys/kernel/kgr_*}: SLE 12's kGraft. */
    KGRAFT,
    /** {@code /sys/module}: the patch modules. */
    MODULES,
    /** Host files under {@code /proc/sys/kernel}: taint and release. */
    KERNEL,
    /** {@code /proc/<pid>/task/<tid>}: the threads and what blocks a transition. */
    TASKS
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
