package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.packages.PackageFacts;
import io.github.livepatchexporter.system.packages.PackageProblem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Package facts for the scrapes, looked up in the background: rpm and zypper are never started
 * inside a scrape. A scrape gets the last lookup's result at once and, when the set of live patch
 * modules changed or the refresh interval has passed, starts a new lookup for the next scrapes.
 */
final class PackageFactsCache implements AutoCloseable {
  /**
   * One lookup's result.
   *
   * @param ok false when rpm or the lifecycle data failed: the collector's success; an unknown
   *     update status is not a failure, {@code updates} says it
   */
  record Snapshot(
      List<String> modules,
      Map<String, PackageInfo> packages,
      boolean ok,
      double refreshedAt,
      Optional<UpdateCheck> updates) {
    static final Snapshot NONE = new Snapshot(null, Map.of(), true, 0, Optional.empty());
  }

  private final Path rootfs;
  private final Commands commands;
  private final Clock clock;
  private final Duration interval;
  private final boolean checkUpdates;
  private final Log log;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "package-facts");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Snapshot current = Snapshot.NONE;

  /** What the last lookup logged: the same problems are logged once, not at every lookup. */
  private List<PackageProblem> logged = List.of();

  PackageFactsCache(
      Path rootfs,
      Commands commands,
      Clock clock,
      Duration interval,
      boolean checkUpdates,
      Log log) {
    this.rootfs = rootfs;
    this.commands = commands;
    this.clock = clock;
    this.interval = interval;
    this.checkUpdates = checkUpdates;
    this.log = log;
  }

  /** The last result; starts a background lookup when it is out of date. Never blocks. */
  Snapshot current(LivepatchState state) {
    Snapshot s = current;
    List<String> modules = state.patchNames();
    boolean stale =
        !modules.equals(s.modules())
            || clock.millis() / 1000.0 - s.refreshedAt() >= interval.toSeconds();
    if (stale && running.compareAndSet(false, true)) {
      try {
        worker.execute(
            () -> {
              try {
                current = lookup(state);
              } finally {
                running.set(false);
              }
            });
      } catch (RuntimeException e) {
        running.set(false);
      }
    }
    return s;
  }

  /** Looks up now, in the calling thread: for one-shot use ({@code textfile}). */
  Snapshot refreshNow(LivepatchState state) {
    current = lookup(state);
    return current;
  }

  private Snapshot lookup(LivepatchState state) {
    List<String> modules = state.patchNames();
    double now = clock.millis() / 1000.0;
    try {
      PackageFacts.Result r = PackageFacts.lookup(state, modules, rootfs, commands, checkUpdates);
      List<PackageProblem> said = new ArrayList<>(r.problems());
      r.updates()
          .flatMap(UpdateCheck::unknownReason)
          .ifPresent(
              why ->
                  said.add(
                      new PackageProblem(
                          PackageProblem.Kind.UPDATE_UNKNOWN, "update status unknown: " + why)));
      return log(new Snapshot(modules, r.packages(), r.ok(), now, r.updates()), said);
    } catch (RuntimeException e) {
      return log(
          new Snapshot(modules, Map.of(), false, now, Optional.empty()),
          List.of(new PackageProblem(PackageProblem.Kind.RPM_FAILED, "the lookup failed: " + e)));
    }
  }

  /**
   * Logs what differs from the last lookup's problems, those that fail the collector as errors; a
   * lookup without any ends the repeat.
   */
  private synchronized Snapshot log(Snapshot s, List<PackageProblem> problems) {
    if (!problems.equals(logged)) {
      for (PackageProblem p : problems) {
        if (p.failsCollector()) {
          log.error("collector packages: " + p.message());
        } else {
          log.warn("package facts: " + p.message());
        }
      }
      logged = List.copyOf(problems);
    }
    return s;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
