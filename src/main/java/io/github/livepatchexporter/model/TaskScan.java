package io.github.livepatchexporter.model;

import java.util.List;

/**
 * The result of one walk over {@code /proc/<pid>/task/<tid>/}.
 *
 * @param walked whether a walk happened at all (only during a transition)
 * @param scanned threads whose {@code patch_state} was read
 * @param unreadable threads whose {@code patch_state} could not be read (not root, or garbage)
 * @param vanished threads that disappeared during the walk
 * @param blockers threads whose {@code patch_state} is at least 0 and differs from the target,
 *     sorted by pid, then tid
 */
public record TaskScan(
    boolean walked, int scanned, int unreadable, int vanished, List<Task> blockers) {

  public static final TaskScan NOT_WALKED = new TaskScan(false, 0, 0, 0, List.of());

  public TaskScan {
    blockers = List.copyOf(blockers);
  }
}
