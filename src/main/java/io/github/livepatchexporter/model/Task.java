package io.github.livepatchexporter.model;

import java.util.List;
import java.util.Optional;

/**
 * One thread, from {@code /proc/<pid>/task/<tid>/}.
 *
 * @param patchState {@code patch_state} (since 4.12): -1 outside a transition, else 0 or 1
 * @param comm {@code comm}, empty when unreadable
 * @param cmdline {@code cmdline} split at NUL bytes; empty for kernel threads
 * @param state the scheduler state letter from {@code stat} (R, S, D, I, ...), '?' when unknown
 * @param kernelThread PF_KTHREAD in the flags field of {@code stat}
 * @param stack {@code stack} lines; empty when not read or not readable
 */
public record Task(
    int pid,
    int tid,
    int patchState,
    String comm,
    List<String> cmdline,
    char state,
    boolean kernelThread,
    Optional<List<String>> stack) {

  public Task {
    cmdline = List.copyOf(cmdline);
    stack = stack.map(List::copyOf);
  }

  /** The command line as ps shows it: arguments joined by spaces, or {@code [comm]}. */
  public String displayCommand() {
    if (cmdline.isEmpty()) {
      return "[" + comm + "]";
    }
    return String.join(" ", cmdline);
  }
}
