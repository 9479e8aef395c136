package io.github.livepatchexporter.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the update status of the live patch packages was found: from the package manager's cached
 * repository metadata, never refreshed by us (refreshing needs root). The repositories say how old
 * that cache is.
 *
 * @param repositories the enabled repositories, in the order the package manager lists them
 * @param unknownReason why the update status of some package is not known, in one line
 */
public record UpdateCheck(List<Repository> repositories, Optional<String> unknownReason) {
  public UpdateCheck {
    repositories = List.copyOf(repositories);
  }

  /**
   * An enabled repository and when its metadata was last refreshed (empty: never, or not cached).
   */
  public record Repository(String alias, Optional<Instant> refreshed) {}
}
