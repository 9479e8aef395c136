package io.github.livepatchexporter.model;

/**
 * A file that could not be read or parsed.
 *
 * @param path the path as the user gave the roots, for example {@code
 *     /sys/kernel/livepatch/p/enabled}
 * @param message what went wrong, in a few words
 * @param scope whether the host-level answer depends on the file or a single task only
 */
public record ReadProblem(String path, String message, Scope scope) {

  /** What a problem spoils. */
  public enum Scope {
    /** A sysfs or host-level file: the answer built from it may be wrong. */
    HOST,
    /** One task's file: that task is skipped or shown incomplete. */
    TASK
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
