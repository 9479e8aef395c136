package io.github.livepatchexporter.kernel;

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
}
