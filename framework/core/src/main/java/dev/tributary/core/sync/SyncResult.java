package dev.tributary.core.sync;

import dev.tributary.api.stream.Cursor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sync run did and where it stopped. A queue continues a {@link StopReason#BUDGET} run
 * with an incremental sync: the stored {@link #cursor()} is exactly where this run stopped.
 * Immutable.
 *
 * @param runId the run's row in the sync history
 * @param pages pages committed
 * @param written records inserted or updated (tombstones included)
 * @param unchanged records skipped because their content was already stored
 * @param stale records skipped because a newer vendor version was already stored
 * @param driftWarnings schema drift findings under {@code DriftPolicy.WARN}: one per field and page
 * @param stoppedBecause why the run ended
 * @param cursor the stream's stored cursor when the run ended (empty: none yet)
 * @param error the failure when {@code stoppedBecause} is {@link StopReason#ERROR}
 * @param elapsed time spent, by the engine's clock
 */
public record SyncResult(
    String connectionId,
    String stream,
    long runId,
    int pages,
    long written,
    long unchanged,
    long stale,
    int driftWarnings,
    StopReason stoppedBecause,
    Optional<Cursor> cursor,
    Optional<SyncException> error,
    Duration elapsed) {

  public SyncResult {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(stoppedBecause, "stoppedBecause");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(elapsed, "elapsed");
    if (error.isPresent() != (stoppedBecause == StopReason.ERROR)) {
      throw new IllegalArgumentException("error must be present exactly when stoppedBecause is ERROR");
    }
  }

  /** Why a run ended. */
  public enum StopReason {
    /** The stream reported its last page. */
    DONE,
    /** The time budget was spent; continue with another incremental run. */
    BUDGET,
    /** A page failed; see {@link SyncResult#error()}. Nothing of that page was written. */
    ERROR
  }

  /** Records in committed pages: written + unchanged + stale. */
  public long records() {
    return written + unchanged + stale;
  }

  /**
   * This result, unless the run failed.
   *
   * @throws SyncException the run's failure
   */
  public SyncResult orThrow() {
    if (error.isPresent()) {
      throw error.get();
    }
    return this;
  }
}
