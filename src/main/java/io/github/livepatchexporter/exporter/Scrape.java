package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.model.LivepatchState;

/** What every collector sees of one scrape: the one read, the package facts, the options. */
final class Scrape {
  private final LivepatchState state;
  private final PackageFactsCache.Snapshot packages;
  private final TransitionClock clock;
  private final ExporterConfig config;

  Scrape(
      LivepatchState state,
      PackageFactsCache.Snapshot packages,
      TransitionClock clock,
      ExporterConfig config) {
    this.state = state;
    this.packages = packages;
    this.clock = clock;
    this.config = config;
  }

  LivepatchState state() {
    return state;
  }

  /** The package facts; none when no enabled collector shows them or there is no lookup. */
  PackageFactsCache.Snapshot packages() {
    return packages;
  }

  /**
   * When the exporter first saw the transition in progress, in seconds since the epoch; 0: none.
   */
  double transitionStart() {
    return clock.firstSeen(state);
  }

  ExporterConfig config() {
    return config;
  }
}
