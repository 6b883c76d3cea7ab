package dev.tributary.api.store;

import dev.tributary.api.stream.Cursor;
import java.util.Optional;

/**
 * Durable cursors, one per (connection, stream), moved only by compare-and-set so two writers can
 * never both believe they advanced the same stream. The framework's sync engine uses it; hosts and
 * tools use it to show or reset a cursor. Thread-safe.
 *
 * @since 1.0
 */
public interface CursorStore {

  /** The stored cursor, or empty if the stream has never synced. */
  Optional<Cursor> load(String connectionId, String stream);

  /**
   * Sets the cursor to {@code next} if it currently is {@code expected} (empty: no cursor yet).
   *
   * @return false, changing nothing, when another writer moved it first
   */
  boolean compareAndSet(String connectionId, String stream, Optional<Cursor> expected, Cursor next);

  /** Removes the cursor, so the next sync is a full one. */
  void reset(String connectionId, String stream);
}
