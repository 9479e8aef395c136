package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.ReadProblem;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /proc/sys/kernel/{osrelease,hostname,tainted}}: the sysctls of kernel/sysctl.c, in every
 * kernel this project supports. {@code osrelease} is {@code uname -r}, {@code hostname} {@code
 * uname -n} (of the reader's UTS namespace); {@code tainted} is the taint mask of kernel/panic.c,
 * whose bit 15 ({@code K}, TAINT_LIVEPATCH) stays set until reboot once a live patch was loaded.
 * Its problems are {@link ReadProblem.Source#KERNEL}.
 */
final class ProcSysKernel {
  private final Path dir;
  private final ValueReader values;

  /** The reader of {@code <procfs>/sys/kernel}. */
  ProcSysKernel(Roots roots, Problems.Log log) {
    this.dir = roots.procfs().resolve("sys/kernel");
    this.values = new ValueReader(log.of(ReadProblem.Source.KERNEL));
  }

  /** {@code osrelease}, for example {@code 6.12.9-default}. */
  Optional<String> osRelease() {
    return values.line(dir.resolve("osrelease"));
  }

  /** {@code hostname}, for example {@code db-17}: the landing page's heading. */
  Optional<String> hostname() {
    return values.line(dir.resolve("hostname"));
  }

  /** {@code tainted}: the taint bit mask ({@link ProcParsers#parseTainted}). */
  OptionalLong tainted() {
    return values.tainted(dir.resolve("tainted"));
  }
}
