package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.db.Database;
import dev.tributary.core.json.Json;
import dev.tributary.core.privacy.PersonalData;
import java.util.List;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Reads the record table that {@link RecordTableSink} writes. Thread-safe. */
public final class RecordStore {

  private final Database db;
  private final PersonalData personal;

  public RecordStore(Database db) {
    this(db, null);
  }

  /** A store that opens sealed personal fields with {@code personal}'s keyring (null: returns them sealed). */
  public RecordStore(Database db, PersonalData personal) {
    this.db = Objects.requireNonNull(db, "db");
    this.personal = personal;
  }

  /**
   * The stored record, tombstones included, with its personal fields in plain text.
   *
   * @throws dev.tributary.core.credential.KeyService.CannotDecryptException if a sealed value's key is
   *     not in the personal-data keyring
   */
  public Optional<StoredRecord> find(String connectionId, String stream, String externalId) {
    return db.dsl().selectFrom(STREAM_RECORD)
        .where(STREAM_RECORD.CONNECTION_ID.eq(connectionId), STREAM_RECORD.STREAM.eq(stream),
            STREAM_RECORD.EXTERNAL_ID.eq(externalId))
        .fetchOptional(r -> new StoredRecord(r.getExternalId(), r.getVendorUpdatedAt().toInstant(),
            open(connectionId, stream, r.getExternalId(), r.getPayload()),
            r.getContentHash(), r.getDeleted(), r.getFirstSeenAt().toInstant(), r.getLastSeenAt().toInstant()));
  }

  /** The external ids of a stream's records, in order. */
  public List<String> externalIds(String connectionId, String stream) {
    return db.dsl().select(STREAM_RECORD.EXTERNAL_ID).from(STREAM_RECORD)
        .where(STREAM_RECORD.CONNECTION_ID.eq(connectionId), STREAM_RECORD.STREAM.eq(stream))
        .orderBy(STREAM_RECORD.EXTERNAL_ID)
        .fetch(STREAM_RECORD.EXTERNAL_ID);
  }

  private String open(String connectionId, String stream, String externalId, String payload) {
    if (personal == null || !PersonalData.mayHoldSealed(payload)) {
      return payload;
    }
    try {
      ObjectMapper json = Json.canonical();
      return json.writeValueAsString(personal.open(connectionId, stream, externalId, json.readTree(payload)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("record '" + externalId + "' of stream '" + stream + "' (connection '"
          + connectionId + "') holds a payload that is not JSON", e);
    }
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
