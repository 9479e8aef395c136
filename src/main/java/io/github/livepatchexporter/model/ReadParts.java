package io.github.livepatchexporter.model;

/**
 * Which parts of the kernel's state one read took in, so that a view can tell "not read" from
 * "none": a read for {@code klp status} has no modules because it did not look for them, one for
 * {@code klp patches} because none is loaded.
 *
 * @param details objects, functions, {@code replace}, {@code stack_order}, {@code /sys/module},
 *     {@code osrelease} and {@code tainted}; without it only {@code enabled} and {@code transition}
 *     of each patch
 * @param tasks the walk of {@code /proc/<pid>/task/<tid>/} was asked for; it happens only while a
 *     transition is in progress, which {@link TaskScan#walked} tells
 * @param stacks the {@code stack} of each blocking task was read
 */
public record ReadParts(boolean details, boolean tasks, boolean stacks) {
  /** What the exporter reads at each scrape: all but the blocking tasks' stacks. */
  public static final ReadParts SCRAPE = new ReadParts(true, true, false);
}
