package io.github.livepatchexporter.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The RPM package that owns a live patch module, and what its changelog and the lifecycle data say.
 *
 * @param cves CVE identifiers from the changelog, newest first, without duplicates
 * @param bugs other fixes (bsc#, bnc#, boo#, jsc#, bz#), newest first, without duplicates
 * @param endOfSupport from SUSE lifecycle data, when it names this package
 * @param update a newer version of the package available in the repositories, when checked
 */
public record PackageInfo(
    String name,
    String version,
    String release,
    String arch,
    List<String> cves,
    List<String> bugs,
    Optional<Instant> endOfSupport,
    Optional<UpdateStatus> update) {

  public PackageInfo {
    cves = List.copyOf(cves);
    bugs = List.copyOf(bugs);
  }

  /** {@code name-version-release.arch}, as {@code klp -v patches} prints it after {@code RPM:}. */
  public String nvra() {
    return name + "-" + version + "-" + release + "." + arch;
  }

  /** {@code version-release}. */
  public String edition() {
    return version + "-" + release;
  }

  public PackageInfo withUpdate(Optional<UpdateStatus> status) {
    return new PackageInfo(name, version, release, arch, cves, bugs, endOfSupport, status);
  }

  /**
   * What the package manager's cached metadata says about newer versions: known (with the newest
   * newer edition, if any), or unknown with the reason, in one line.
   */
  public record UpdateStatus(Optional<String> newerEdition, Optional<String> unknownReason) {
    public static UpdateStatus newer(String edition) {
      return new UpdateStatus(Optional.of(edition), Optional.empty());
    }

    public static UpdateStatus none() {
      return new UpdateStatus(Optional.empty(), Optional.empty());
    }

    public static UpdateStatus unknown(String reason) {
      return new UpdateStatus(Optional.empty(), Optional.of(reason));
    }

    public boolean known() {
      return unknownReason.isEmpty();
    }

    /** A newer version is available; false when none is, or when it is not known. */
    public boolean available() {
      return newerEdition.isPresent();
    }
  }
}
