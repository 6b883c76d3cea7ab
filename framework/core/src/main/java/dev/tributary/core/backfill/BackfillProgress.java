package dev.tributary.core.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a backfill is: chunks done of total, and the estimated time left (the mean time per chunk
 * so far times the chunks left; empty before the first chunk and once finished). Immutable.
 */
public record BackfillProgress(long id, String task, State state, int done, int total, Instant startedAt,
    Instant updatedAt, Optional<Duration> eta, Optional<String> lastError) {

  /** A backfill's state. */
  public enum State {
    /** Chunks are queued or running. */
    RUNNING,
    /** Every chunk is done. */
    DONE,
    /** Stopped by an operator; no further chunk runs. */
    CANCELLED
  }

  /** Done as a fraction, 0 to 1. */
  public double fraction() {
    return total == 0 ? 1.0 : (double) done / total;
  }
}
