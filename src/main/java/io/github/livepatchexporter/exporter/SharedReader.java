package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.LivepatchState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads the kernel's state for scrapes. Scrapes that arrive while a read is running wait for it and
 * share its result, so concurrent scrapes never walk {@code /proc} in parallel.
 */
final class SharedReader {
  /** One read and how long it took. */
  record Read(LivepatchState state, double seconds) {}

  private final Supplier<LivepatchState> reader;
  private final AtomicLong walks = new AtomicLong();
  private CompletableFuture<Read> inflight;

  /**
   * {@code reader} does one full read, walk included: {@code StateReader.read(ReadOptions.ALL)}.
   */
  SharedReader(Supplier<LivepatchState> reader) {
    this.reader = reader;
  }

  Read read() {
    CompletableFuture<Read> future;
    boolean mine = false;
    synchronized (this) {
      if (inflight == null) {
        inflight = new CompletableFuture<>();
        mine = true;
      }
      future = inflight;
    }
    if (mine) {
      try {
        long start = System.nanoTime();
        LivepatchState state = reader.get();
        if (state.tasks().walked()) {
          walks.incrementAndGet();
        }
        future.complete(new Read(state, (System.nanoTime() - start) / 1e9));
      } catch (RuntimeException | Error e) {
        future.completeExceptionally(e);
      } finally {
        synchronized (this) {
          inflight = null;
        }
      }
    }
    return future.join();
  }

  /** Walks of {@code /proc} since start. */
  long walks() {
    return walks.get();
  }

  /** Continues the count of an earlier run (textfile mode, one process per scrape). */
  void restoreWalks(long earlier) {
    walks.set(earlier);
  }
}
