package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.LivepatchState;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Remembers when this exporter first saw the current transition. The kernel keeps no start time, so
 * the age of a stall is measured from the first scrape that saw it; a reversal is a new one.
 */
final class TransitionClock {
  private final Clock clock;
  private final Consumer<String> log;
  private String current;
  private double since;

  /** With {@code log}, which is told when a transition is first seen and when it is over. */
  TransitionClock(Clock clock, Consumer<String> log) {
    this.clock = clock;
    this.log = log;
  }

  /** The transition last seen: its key (patch/direction, or kgraft) and when it was first seen. */
  synchronized Optional<Exporter.Seen> seen() {
    return current == null ? Optional.empty() : Optional.of(new Exporter.Seen(current, since));
  }

  /** Takes up what an earlier run saw: the same transition keeps its first-seen time. */
  synchronized void restore(Optional<Exporter.Seen> seen) {
    current = seen.map(Exporter.Seen::transition).orElse(null);
    since = seen.map(Exporter.Seen::since).orElse(0.0);
  }

  /**
   * Seconds since the epoch when the transition in progress was first seen; 0 without one. A
   * transition is the patch and its direction, or the kGraft flag on SLE 12 kernels.
   */
  synchronized double firstSeen(LivepatchState state) {
    Optional<String> key = state.transition().map(t -> t.patch() + "/" + t.target().direction());
    if (key.isEmpty() && state.inProgress()) {
      key = Optional.of("kgraft");
    }
    if (key.equals(Optional.ofNullable(current))) {
      return since;
    }
    double now = clock.millis() / 1000.0;
    if (current != null) {
      log.accept(
          "transition over: "
              + current
              + " after "
              + Math.round(now - since)
              + " s (counted from when this exporter first saw it)");
    }
    current = key.orElse(null);
    since = key.isPresent() ? now : 0;
    if (current != null) {
      log.accept("transition in progress: " + current);
    }
    return since;
  }
}
