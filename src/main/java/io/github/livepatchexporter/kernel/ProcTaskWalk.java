package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.TaskScan;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Walks {@code /proc/<pid>/task/<tid>/} (fs/proc/base.c; task directories since 2.6) and keeps the
 * threads that block the transition: a {@link Rule} ({@link TaskRules}) reads one file per thread,
 * {@code patch_state} (since 4.12) or kGraft's {@code kgr_in_progress}, and {@link ProcTask} the
 * details of each blocker. Its problems are {@link ReadProblem.Source#TASKS}. Tasks come and go
 * during the walk: one that vanishes is counted and skipped, one whose files cannot be read is
 * counted as unreadable, and neither stops the walk.
 *
 * <p>This is the one loop whose cost grows with the host: a scrape during a transition opens every
 * thread's {@code patch_state}. So it works on path strings and one reused buffer, and makes the
 * system calls a C program would (one {@code getdents} per directory, then {@code open}, one {@code
 * read} and {@code close} per thread), without a {@code Path} or a buffer per file. A blocking
 * process's command line is read and held once, not once per thread, so that a transition that
 * every thread still blocks costs neither a file nor a list per thread for it.
 */
final class ProcTaskWalk {
  /** Decides from one thread's directory whether it blocks; empty when it could not tell. */
  interface Rule {
    /** The file the rule reads, relative to the task directory. */
    String file();

    /**
     * The {@code patch_state} to record when the file's first {@code length} bytes say the thread
     * blocks, else empty.
     */
    Optional<Integer> blocking(byte[] content, int length) throws KernelFormatException;
  }

  /**
   * Larger than any value the rule files hold ({@code -1\n}); a longer file is garbage, and its
   * first bytes are enough to say so.
   */
  private static final int VALUE_BYTES = 64;

  private final Path procfs;
  private final Problems problems;
  private final boolean stacks;
  private final byte[] buffer = new byte[VALUE_BYTES];
  private int scanned;
  private int unreadable;
  private int vanished;

  /** The walker of {@code <procfs>}; with STACKS it reads each blocker's {@code stack}. */
  ProcTaskWalk(Roots roots, Problems.Log log, boolean stacks) {
    this.procfs = roots.procfs();
    this.problems = log.of(ReadProblem.Source.TASKS);
    this.stacks = stacks;
  }

  /**
   * One walk. With a PROCESS_FALLBACK a thread without the rule's file is decided by that file of
   * its process ({@code /proc/<pid>/kgr_in_progress}: kGraft has no per-thread file).
   */
  TaskScan walk(Rule rule, Optional<String> processFallback) {
    List<Task> blockers = new ArrayList<>();
    String root = procfs.toString();
    String tail = "/" + rule.file();
    StringBuilder path = new StringBuilder(root.length() + 48).append(root);
    for (int pid : numericEntries(root)) {
      path.setLength(root.length());
      String pidDir = path.append('/').append(pid).toString();
      int[] tids = numericEntries(path.append("/task").toString());
      if (tids.length == 0) {
        vanished++;
        continue;
      }
      int taskBase = path.length();
      Optional<List<String>> processCmdline = Optional.empty();
      for (int tid : tids) {
        path.setLength(taskBase);
        // The task directory is the first dirLength characters of taskFile: a string of its own
        // is made only for a blocker, a failure or the kGraft fallback, not for every thread.
        int dirLength = path.append('/').append(tid).length();
        String taskFile = path.append(tail).toString();
        String file = taskFile;
        if (processFallback.isPresent()
            && !new File(file).exists()
            && isDirectory(taskFile.substring(0, dirLength))) {
          file = pidDir + "/" + processFallback.get();
        }
        Optional<Integer> state = check(file, taskFile, dirLength, rule);
        if (state.isPresent()) {
          Path taskDir = Path.of(taskFile.substring(0, dirLength));
          Optional<Task> task =
              ProcTask.read(pid, tid, state.get(), taskDir, stacks, processCmdline, problems);
          if (task.isPresent()) {
            blockers.add(task.get());
            processCmdline = Optional.of(task.get().cmdline());
          } else {
            vanished++;
          }
        }
      }
    }
    return new TaskScan(true, scanned, unreadable, vanished, blockers);
  }

  /** Reads {@code file} for the task whose directory is the start of {@code taskFile}. */
  private Optional<Integer> check(String file, String taskFile, int dirLength, Rule rule) {
    int length;
    try (FileInputStream in = new FileInputStream(file)) {
      length = Math.max(0, in.read(buffer));
    } catch (FileNotFoundException e) {
      // open(2) failed: the thread is gone, the file is missing, or we may not read it.
      if (!isDirectory(taskFile.substring(0, dirLength))) {
        vanished++;
      } else {
        unreadable++;
        problems.task(Path.of(file), RawFiles.openFailure(e));
      }
      return Optional.empty();
    } catch (IOException e) {
      unreadable++;
      problems.task(Path.of(file), RawFiles.reason(e));
      return Optional.empty();
    }
    try {
      Optional<Integer> state = rule.blocking(buffer, length);
      scanned++;
      return state;
    } catch (KernelFormatException e) {
      unreadable++;
      problems.task(Path.of(file), e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean isDirectory(String dir) {
    return new File(dir).isDirectory();
  }

  /** The numeric names in a directory, ascending; empty when it vanished or cannot be listed. */
  private int[] numericEntries(String dir) {
    String[] names = new File(dir).list();
    if (names == null) {
      // list(2) does not say why; a directory that is still there could not be read.
      if (isDirectory(dir)) {
        unreadable++;
        problems.task(Path.of(dir), "cannot be listed");
      }
      return new int[0];
    }
    int[] ids = new int[names.length];
    int n = 0;
    for (String name : names) {
      int id = ProcParsers.parseId(name);
      if (id >= 0) {
        ids[n++] = id;
      }
    }
    int[] sorted = Arrays.copyOf(ids, n);
    Arrays.sort(sorted);
    return sorted;
  }
}
