package dev.tributary.api.stream;

import java.sql.Connection;
import java.util.List;

/**
 * Where mapped records land. The framework's default sink is its own record table; a host binds
 * its own to write into its entities (see the host guide).
 *
 * <p>The framework calls {@link #upsert} once per page inside the transaction that also moves the
 * stream's cursor. A sink that writes through {@link SinkContext#transaction()} is therefore
 * exactly as durable as the cursor: both commit or neither. A sink that writes elsewhere must be
 * idempotent, because a page may be delivered again after a crash.
 *
 * @since 1.0
 */
public interface Sink {

  /**
   * Writes one page of records.
   *
   * @return counts of what was written
   */
  UpsertResult upsert(SinkContext context, List<MappedRecord> records);

  /** What one page's upsert did. Immutable. */
  record UpsertResult(int written, int unchanged, int stale) {
    public UpsertResult {
      if (written < 0 || unchanged < 0 || stale < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
    }

    /** The sum of two results. */
    public UpsertResult plus(UpsertResult o) {
      return new UpsertResult(written + o.written, unchanged + o.unchanged, stale + o.stale);
    }
  }

  /** The page being written. */
  interface SinkContext {
    /** The connection the records belong to. */
    String connectionId();

    /** The stream the records belong to. */
    String stream();

    /** The JDBC connection of the page's transaction; do not commit or close it. */
    Connection transaction();
  }
}
