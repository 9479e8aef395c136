package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mount points the readers hang every path on, after node_exporter's {@code --path.sysfs},
 * {@code --path.procfs} and {@code --path.rootfs}. Tests point them at fixture trees.
 */
public record Roots(Path sysfs, Path procfs, Path rootfs) {

  public static final String DEFAULT_SYSFS = "/sys";
  public static final String DEFAULT_PROCFS = "/proc";
  public static final String DEFAULT_ROOTFS = "/";

  public static Roots defaults() {
    return new Roots(Path.of(DEFAULT_SYSFS), Path.of(DEFAULT_PROCFS), Path.of(DEFAULT_ROOTFS));
  }

  /** {@code <sysfs>/kernel/livepatch}. */
  public Path livepatch() {
    return sysfs.resolve("kernel/livepatch");
  }

  /** {@code <sysfs>/kernel/kgraft}. */
  public Path kgraft() {
    return sysfs.resolve("kernel/kgraft");
  }

  /** {@code <sysfs>/module}. */
  public Path modules() {
    return sysfs.resolve("module");
  }

  /**
   * Records a root that is missing or not a directory: both, whatever a read needs, since a {@code
   * --path.procfs} that names nothing is a mistake to report even to {@code klp status}, which
   * reads only sysfs. A bad sysfs root spoils the patches ({@link ReadProblem.Source#LIVEPATCH}), a
   * bad procfs root the tasks ({@link ReadProblem.Source#TASKS}).
   */
  void check(Problems.Log log) {
    requireDirectory(sysfs, log.of(ReadProblem.Source.LIVEPATCH));
    requireDirectory(procfs, log.of(ReadProblem.Source.TASKS));
  }

  private static void requireDirectory(Path root, Problems problems) {
    if (!Files.isDirectory(root)) {
      problems.host(root, Files.exists(root) ? "not a directory" : "no such directory");
    }
  }
}
