package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadParts;

/**
 * How much of the kernel's state one read takes in. A command reads only what it shows: {@code klp
 * status} reads a few sysfs files and never walks {@code /proc}.
 *
 * @param details objects, functions, {@code replace}, {@code stack_order}, {@code /sys/module} and
 *     the taint; without it only {@code enabled} and {@code transition} of each patch
 * @param walkTasks walk {@code /proc/<pid>/task/<tid>/} when a transition is in progress
 * @param stacks read {@code stack} of each blocking task
 */
public record ReadOptions(boolean details, boolean walkTasks, boolean stacks) {

  public static final ReadOptions STATUS = new ReadOptions(false, false, false);
  public static final ReadOptions PATCHES = new ReadOptions(true, false, false);
  public static final ReadOptions BLOCKING = new ReadOptions(false, true, false);
  public static final ReadOptions BLOCKING_STACKS = new ReadOptions(false, true, true);
  public static final ReadOptions ALL = new ReadOptions(true, true, false);

  /** The parts a read with these options takes in, as its snapshot records them. */
  public ReadParts parts() {
    return new ReadParts(details, walkTasks, stacks);
  }
}
