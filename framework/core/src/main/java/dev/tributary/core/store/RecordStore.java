package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import dev.tributary.core.db.Database;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Reads the record table that {@link RecordTableSink} writes. Thread-safe. */
public final class RecordStore {

  private final Database db;

  public RecordStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The stored record, tombstones included. */
  public Optional<StoredRecord> find(String connectionId, String stream, String externalId) {
    return db.dsl().selectFrom(STREAM_RECORD)
        .where(STREAM_RECORD.CONNECTION_ID.eq(connectionId), STREAM_RECORD.STREAM.eq(stream),
            STREAM_RECORD.EXTERNAL_ID.eq(externalId))
        .fetchOptional(r -> new StoredRecord(r.getExternalId(), r.getVendorUpdatedAt().toInstant(), r.getPayload(),
            r.getContentHash(), r.getDeleted(), r.getFirstSeenAt().toInstant(), r.getLastSeenAt().toInstant()));
  }

  /** How many rows the stream has, tombstones included. */
  public int count(String connectionId, String stream) {
    return db.dsl().fetchCount(STREAM_RECORD,
        STREAM_RECORD.CONNECTION_ID.eq(connectionId).and(STREAM_RECORD.STREAM.eq(stream)));
  }

  /** How many of the stream's rows are tombstones. */
  public int countDeleted(String connectionId, String stream) {
    return db.dsl().fetchCount(STREAM_RECORD,
        STREAM_RECORD.CONNECTION_ID.eq(connectionId).and(STREAM_RECORD.STREAM.eq(stream))
            .and(STREAM_RECORD.DELETED.isTrue()));
  }

  /**
   * One row of the record table.
   *
   * @param payloadJson the mapped record as JSON; may hold personal data, so {@link #toString()} leaves it out
   */
  public record StoredRecord(String externalId, Instant vendorUpdatedAt, String payloadJson, String contentHash,
      boolean deleted, Instant firstSeenAt, Instant lastSeenAt) {
    @Override
    public String toString() {
      return "StoredRecord[externalId=" + externalId + ", vendorUpdatedAt=" + vendorUpdatedAt + ", deleted=" + deleted
          + ", firstSeenAt=" + firstSeenAt + ", lastSeenAt=" + lastSeenAt + "]";
    }
  }
}
