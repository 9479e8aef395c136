package io.github.livepatchexporter.realkernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The Debian kernels RealKernelIT boots, named after the suites they come from (the names of
 * src/test/qemu/kernel-cache.sh): the system property {@code livepatch.test.kernels}, else the
 * environment variable {@code LIVEPATCH_TEST_KERNELS}, a list separated by commas or spaces, or
 * {@code all} (the default). An unknown name fails: a kernel asked for is never left out quietly.
 */
final class TestKernels {
  static final List<String> ALL = List.of("bookworm", "bookworm-backports", "trixie-backports");

  private TestKernels() {}

  static List<String> selected() {
    String list =
        System.getProperty(
            "livepatch.test.kernels", System.getenv().getOrDefault("LIVEPATCH_TEST_KERNELS", ""));
    if (list.isBlank() || list.trim().equals("all")) {
      return ALL;
    }
    List<String> kernels = new ArrayList<>();
    for (String k : list.trim().split("[,\\s]+")) {
      if (!ALL.contains(k)) {
        throw new IllegalArgumentException(
            "unknown kernel '" + k + "' in LIVEPATCH_TEST_KERNELS (known: all, " + ALL + ")");
      }
      if (!kernels.contains(k)) {
        kernels.add(k);
      }
    }
    return kernels;
  }

  /** MAJOR * 1000 + MINOR of a release such as 6.12.95+deb12-amd64 or 6.1.0-57-amd64. */
  static int version(String release) {
    String[] w = release.split("[.+-]");
    return Integer.parseInt(w[0]) * 1000 + Integer.parseInt(w[1]);
  }
}
