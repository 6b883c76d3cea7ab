package dev.tributary.core.sync;

import dev.tributary.api.stream.Cursor;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run starts reading. The stored cursor is never moved until the run's first page
 * commits, so an aborted full resync or backfill leaves the stream where it was. Immutable.
 *
 * @param from the cursor to read first, or empty for the stored cursor
 */
public record SyncStart(Optional<Cursor> from) {

  private static final SyncStart INCREMENTAL = new SyncStart(Optional.empty());
  private static final SyncStart FULL = new SyncStart(Optional.of(Cursor.START));

  public SyncStart {
    Objects.requireNonNull(from, "from");
  }

  /** From the stored cursor (the beginning if none): the normal run, and a budget run's continuation. */
  public static SyncStart incremental() {
    return INCREMENTAL;
  }

  /** From the beginning whatever the stored cursor: a full resync. Unchanged records cost no writes. */
  public static SyncStart full() {
    return FULL;
  }

  /** From {@code cursor}: a backfill, e.g. {@code updated_since=2024-01-01}. */
  public static SyncStart from(Cursor cursor) {
    return new SyncStart(Optional.of(Objects.requireNonNull(cursor, "cursor")));
  }
}
