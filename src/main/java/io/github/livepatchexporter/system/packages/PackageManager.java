package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The package manager of a root, for the update status of live patch packages and for {@code klp
 * downgrade}: zypper (SUSE) or dnf (Red Hat). Its searches read what it has cached and never
 * refresh, so they work as any user; only {@link #refresh} (before a downgrade, as root) writes.
 */
public interface PackageManager {
  /** A version of a package that a repository offers, or the installed one. */
  record Edition(String name, String edition, String arch, boolean installed) {}

  /**
   * What the cached metadata holds of a package: every edition it knows, and the repositories the
   * package manager skipped because their metadata is not cached (or could not be read).
   *
   * @param noRepositories no repository at all: nothing can be available
   */
  record Search(List<Edition> editions, List<String> skipped, boolean noRepositories) {
    public Search {
      editions = List.copyOf(editions);
      skipped = List.copyOf(skipped);
    }
  }

  /** {@code zypper} or {@code dnf}, as messages name it. */
  String name();

  /** Every edition of {@code name} in the cached metadata of the enabled repositories. */
  Search search(String name) throws Commands.CommandException;

  /** Refreshes the repositories' metadata (needs root). */
  void refresh() throws Commands.CommandException;

  /** What root runs to refresh, as a hint in messages. */
  String refreshCommand();

  /** The command that installs exactly {@code target}, older than the installed version. */
  List<String> downgradeCommand(Edition target);

  /** The enabled repositories, with when their metadata was last refreshed. */
  List<UpdateCheck.Repository> repositories();

  /**
   * The package manager the root is configured for: zypper where {@code /etc/zypp} exists, dnf
   * where {@code /etc/dnf} or {@code /etc/yum.repos.d} does; empty for neither (Debian, Ubuntu).
   */
  static Optional<PackageManager> of(Commands commands, Path rootfs) {
    if (Files.isDirectory(rootfs.resolve("etc/zypp"))) {
      return Optional.of(new Zypper(commands, rootfs));
    }
    if (Files.isDirectory(rootfs.resolve("etc/dnf"))
        || Files.isDirectory(rootfs.resolve("etc/yum.repos.d"))) {
      return Optional.of(new Dnf(commands, rootfs));
    }
    return Optional.empty();
  }
}
