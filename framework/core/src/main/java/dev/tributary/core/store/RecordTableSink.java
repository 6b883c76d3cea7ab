package dev.tributary.core.store;

import dev.tributary.core.json.Json;
import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Sink;
import dev.tributary.core.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * The framework's default {@link Sink}: the {@code stream_record} table, one row per
 * (connection, stream, external id) holding the mapped record as JSON text.
 *
 * <p>Per page it costs one indexed SELECT of the page's ids, then at most one JDBC batch of
 * INSERTs and one of UPDATEs, all in the page's transaction. For each record, in page order:
 * <ul>
 *   <li>no row yet: inserted (written), {@code first_seen_at = last_seen_at = now};
 *   <li>same content hash (SHA-256 of the JSON payload and the tombstone flag): <b>not written at
 *       all</b>, counted unchanged. {@code last_seen_at} is therefore the time the record was last
 *       <em>written</em>, not last read: replaying a page costs no writes, which matters more for
 *       speed than a read timestamp nobody queries;
 *   <li>vendor {@code updatedAt} older than the stored one: not written, counted stale;
 *   <li>otherwise (newer or equal time, different content): updated, written. A
 *       {@linkplain MappedRecord#deleted() deletion} becomes a tombstone ({@code deleted = true},
 *       payload kept) the same way.
 * </ul>
 * A record id appearing twice in one page is decided against the earlier occurrence, so the newest
 * version wins within a page too. Writers of one stream are serialised by the sync engine's lease;
 * a concurrent writer outside it fails its page on the primary key and retries it later.
 * Thread-safe.
 */
public final class RecordTableSink implements Sink {

  /** The longest payload stored, in characters (the column's size). */
  public static final int MAX_PAYLOAD_CHARS = 1_000_000;

  private static final HexFormat HEX = HexFormat.of();

  private final Database db;
  private final ObjectMapper json;
  private final Clock clock;

  /** A sink writing JSON with {@link Json#mapper()}. */
  public RecordTableSink(Database db) {
    this(db, Json.canonical(), Clock.systemUTC());
  }

  /**
   * A sink writing JSON with {@code json}. For stable content hashes it should sort properties
   * (see {@link Json#mapper()}).
   */
  public RecordTableSink(Database db, ObjectMapper json, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public UpsertResult upsert(SinkContext context, List<MappedRecord> records) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      return new UpsertResult(0, 0, 0);
    }
    String connectionId = context.connectionId();
    String stream = context.stream();
    DSLContext tx = db.using(context.transaction());
    MessageDigest sha = sha256();

    Map<String, Row> existing = existing(tx, connectionId, stream, records);
    Map<String, Row> pending = new LinkedHashMap<>();
    int unchanged = 0;
    int stale = 0;
    int written = 0;
    for (MappedRecord r : records) {
      String payload = serialize(r, connectionId, stream);
      String hash = hash(sha, payload, r.deleted());
      Row previous = pending.get(r.externalId());
      boolean pendingBefore = previous != null;
      if (previous == null) {
        previous = existing.get(r.externalId());
      }
      if (previous != null && previous.hash.equals(hash)) {
        unchanged++;
        continue;
      }
      if (previous != null && r.updatedAt().isBefore(previous.updatedAt)) {
        stale++;
        continue;
      }
      // An id written earlier in this page keeps its INSERT/UPDATE kind; only the values change.
      boolean insert = pendingBefore ? previous.insert : previous == null;
      pending.put(r.externalId(), new Row(r.externalId(), r.updatedAt(), hash, payload, r.deleted(), insert));
      written++;
    }
    if (!pending.isEmpty()) {
      write(tx, connectionId, stream, pending.values());
    }
    return new UpsertResult(written, unchanged, stale);
  }

  private Map<String, Row> existing(DSLContext tx, String connectionId, String stream, List<MappedRecord> records) {
    List<String> ids = new ArrayList<>(records.size());
    for (MappedRecord r : records) {
      ids.add(r.externalId());
    }
    Map<String, Row> found = new HashMap<>();
    for (Record3<String, OffsetDateTime, String> row : tx
        .select(STREAM_RECORD.EXTERNAL_ID, STREAM_RECORD.VENDOR_UPDATED_AT, STREAM_RECORD.CONTENT_HASH)
        .from(STREAM_RECORD)
        .where(STREAM_RECORD.CONNECTION_ID.eq(connectionId), STREAM_RECORD.STREAM.eq(stream),
            STREAM_RECORD.EXTERNAL_ID.in(ids))
        .fetch()) {
      found.put(row.value1(), new Row(row.value1(), row.value2().toInstant(), row.value3(), null, false, false));
    }
    return found;
  }

  private void write(DSLContext tx, String connectionId, String stream, Iterable<Row> rows) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Param<String> pConn = DSL.param("c", String.class);
    Param<String> pStream = DSL.param("s", String.class);
    Param<String> pId = DSL.param("id", String.class);
    Param<OffsetDateTime> pUpdated = DSL.param("u", OffsetDateTime.class);
    Param<String> pPayload = DSL.param("p", String.class);
    Param<String> pHash = DSL.param("h", String.class);
    Param<Boolean> pDeleted = DSL.param("d", Boolean.class);
    Param<OffsetDateTime> pFirst = DSL.param("f", OffsetDateTime.class);
    Param<OffsetDateTime> pLast = DSL.param("l", OffsetDateTime.class);

    BatchBindStep inserts = null;
    BatchBindStep updates = null;
    for (Row r : rows) {
      OffsetDateTime updatedAt = r.updatedAt.atOffset(ZoneOffset.UTC);
      if (r.insert) {
        if (inserts == null) {
          inserts = tx.batch(tx.insertInto(STREAM_RECORD,
                  STREAM_RECORD.CONNECTION_ID, STREAM_RECORD.STREAM, STREAM_RECORD.EXTERNAL_ID,
                  STREAM_RECORD.VENDOR_UPDATED_AT, STREAM_RECORD.PAYLOAD, STREAM_RECORD.CONTENT_HASH,
                  STREAM_RECORD.DELETED, STREAM_RECORD.FIRST_SEEN_AT, STREAM_RECORD.LAST_SEEN_AT)
              .values(pConn, pStream, pId, pUpdated, pPayload, pHash, pDeleted, pFirst, pLast));
        }
        inserts.bind(connectionId, stream, r.externalId, updatedAt, r.payload, r.hash, r.deleted, now, now);
      } else {
        if (updates == null) {
          updates = tx.batch(tx.update(STREAM_RECORD)
              .set(STREAM_RECORD.VENDOR_UPDATED_AT, pUpdated)
              .set(STREAM_RECORD.PAYLOAD, pPayload)
              .set(STREAM_RECORD.CONTENT_HASH, pHash)
              .set(STREAM_RECORD.DELETED, pDeleted)
              .set(STREAM_RECORD.LAST_SEEN_AT, pLast)
              .where(STREAM_RECORD.CONNECTION_ID.eq(pConn), STREAM_RECORD.STREAM.eq(pStream),
                  STREAM_RECORD.EXTERNAL_ID.eq(pId)));
        }
        updates.bind(updatedAt, r.payload, r.hash, r.deleted, now, connectionId, stream, r.externalId);
      }
    }
    if (inserts != null) {
      inserts.execute();
    }
    if (updates != null) {
      updates.execute();
    }
  }

  private String serialize(MappedRecord r, String connectionId, String stream) {
    String payload;
    try {
      payload = json.writeValueAsString(r.payload());
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the value; name the type and the record only.
      throw new IllegalArgumentException("record '" + r.externalId() + "' of stream '" + stream + "' (connection '"
          + connectionId + "'): payload of type " + r.payload().getClass().getName() + " cannot be written as JSON", e);
    }
    if (payload.length() > MAX_PAYLOAD_CHARS) {
      throw new IllegalArgumentException("record '" + r.externalId() + "' of stream '" + stream + "' (connection '"
          + connectionId + "'): payload is " + payload.length() + " characters of JSON; at most "
          + MAX_PAYLOAD_CHARS + " are stored. Map fewer fields, or bind a host sink");
    }
    return payload;
  }

  private static String hash(MessageDigest sha, String payload, boolean deleted) {
    sha.reset();
    sha.update(payload.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) (deleted ? 1 : 0));
    return HEX.formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private record Row(String externalId, Instant updatedAt, String hash, String payload, boolean deleted, boolean insert) {}
}
