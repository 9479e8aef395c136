package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.TaskScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks {@code /proc/<pid>/task/<tid>/} and keeps the threads that block the transition. Tasks come
 * and go during the walk: one that vanishes is counted and skipped, one whose files cannot be read
 * is counted as unreadable, and neither stops the walk.
 */
final class TaskWalker {
  /** Decides from one thread's directory whether it blocks; empty when it could not tell. */
  interface Rule {
    /** The file the rule reads, relative to the task directory. */
    String file();

    /** The {@code patch_state} to record when the content says the thread blocks, else empty. */
    Optional<Integer> blocking(String content) throws KernelFormatException;
  }

  private final Problems problems;
  private final boolean stacks;
  private int scanned;
  private int unreadable;
  private int vanished;

  TaskWalker(Problems problems, boolean stacks) {
    this.problems = problems;
    this.stacks = stacks;
  }

  TaskScan walk(Path procfs, Rule rule, Optional<String> processFallback) {
    List<Task> blockers = new ArrayList<>();
    for (int pid : numericEntries(procfs)) {
      Path pidDir = procfs.resolve(Integer.toString(pid));
      List<Integer> tids = numericEntries(pidDir.resolve("task"));
      if (tids.isEmpty()) {
        vanished++;
        continue;
      }
      for (int tid : tids) {
        Path taskDir = pidDir.resolve("task").resolve(Integer.toString(tid));
        Path file = taskDir.resolve(rule.file());
        if (processFallback.isPresent() && !Files.exists(file) && Files.isDirectory(taskDir)) {
          file = pidDir.resolve(processFallback.get());
        }
        Optional<Integer> state = check(taskDir, file, rule);
        if (state.isPresent()) {
          TaskDetails.read(pid, tid, state.get(), taskDir, stacks, problems)
              .ifPresentOrElse(blockers::add, () -> vanished++);
        }
      }
    }
    return new TaskScan(true, scanned, unreadable, vanished, blockers);
  }

  private Optional<Integer> check(Path taskDir, Path file, Rule rule) {
    try {
      Optional<String> content = KernelFile.read(file);
      if (content.isEmpty()) {
        if (Files.isDirectory(taskDir)) {
          unreadable++;
          problems.task(file, "missing");
        } else {
          vanished++;
        }
        return Optional.empty();
      }
      Optional<Integer> state = rule.blocking(content.get());
      scanned++;
      return state;
    } catch (IOException e) {
      unreadable++;
      problems.task(file, KernelFile.reason(e));
    } catch (KernelFormatException e) {
      unreadable++;
      problems.task(file, e.getMessage());
    }
    return Optional.empty();
  }

  /** The numeric names in a directory, ascending; empty when it vanished or cannot be listed. */
  private List<Integer> numericEntries(Path dir) {
    List<String> names;
    try {
      names = KernelFile.list(dir, false);
    } catch (IOException e) {
      unreadable++;
      problems.task(dir, KernelFile.reason(e));
      return List.of();
    }
    List<Integer> ids = new ArrayList<>(names.size());
    for (String name : names) {
      if (!name.isEmpty() && name.length() <= 9 && name.chars().allMatch(Character::isDigit)) {
        ids.add(Integer.parseInt(name));
      }
    }
    ids.sort(null);
    return ids;
  }
}
