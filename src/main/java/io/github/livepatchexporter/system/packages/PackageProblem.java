package io.github.livepatchexporter.system.packages;

/**
 * Something a package lookup could not do, in one line, and what it means for the facts shown. The
 * exporter's packages collector fails on the kinds that make the facts wrong or missing, and logs
 * the others; the CLI prints each as one warning line.
 */
public record PackageProblem(Kind kind, String message) {
  /** What went wrong. */
  public enum Kind {
    /**
     * rpm failed, for example on a corrupt database: which package owns a module is unknown, so no
     * module has package facts. Fails the collector.
     */
    RPM_FAILED(true),
    /** A lifecycle data file or directory could not be read: ends of support may be missing. */
    LIFECYCLE_UNREADABLE(true),
    /**
     * Lines of a lifecycle data file that no tool accepts (zypper lifecycle rejects them too):
     * ignored. Said once per file; another product's bad line must not fail every scrape.
     */
    LIFECYCLE_LINES(false),
    /**
     * The update status could not be found (no package manager, metadata never cached, the package
     * manager failed): unknown, not wrong. livepatch_packages_update_check_success says it.
     */
    UPDATE_UNKNOWN(false);

    private final boolean failsCollector;

    Kind(boolean failsCollector) {
      this.failsCollector = failsCollector;
    }
  }

  public boolean failsCollector() {
    return kind.failsCollector;
  }

  @Override
  public String toString() {
    return message;
  }
}
