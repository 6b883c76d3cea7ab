package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Sink;
import dev.tributary.core.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
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
  private final Statements sql;

  /** A sink writing JSON with {@link Json#mapper()}. */
  public RecordTableSink(Database db) {
    this(db, Json.mapper(), Clock.systemUTC());
  }

  /**
   * A sink writing JSON with {@code json}. For stable content hashes it should sort properties
   * (see {@link Json#mapper()}).
   */
  public RecordTableSink(Database db, ObjectMapper json, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sql = Statements.render(db);
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
    // No CAST around bind values: H2 uses no index for "id IN (CAST(? AS VARCHAR), ...)" and would
    // scan the whole record table once per page. These statements need no casts on either database.
    // PostgreSQL needs its casts: jOOQ binds timestamps as text there.
    DSLContext tx = db.dialect() != SQLDialect.H2 ? db.using(context.transaction())
        : db.using(context.transaction()).configuration()
            .deriveSettings(s -> s.withParamCastMode(ParamCastMode.NEVER)).dsl();
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
      write(context.transaction(), connectionId, stream, pending.values());
    }
    return new UpsertResult(written, unchanged, stale);
  }

  private Map<String, Row> existing(DSLContext tx, String connectionId, String stream, List<MappedRecord> records) {
    List<String> ids = new ArrayList<>(records.size());
    for (MappedRecord r : records) {
      ids.add(r.externalId());
    }
    Condition byKey = STREAM_RECORD.EXTERNAL_ID.in(ids)
        .and(STREAM_RECORD.CONNECTION_ID.eq(connectionId))
        .and(STREAM_RECORD.STREAM.eq(stream));
    if (db.dialect() == SQLDialect.POSTGRES) {
      // Values inlined (jOOQ escapes them), so PostgreSQL plans each lookup with its real values
      // and current statistics: a server-prepared statement may settle on a generic plan made
      // while the table was still empty (a sequential scan) and keep it as the first sync fills it.
      tx = tx.configuration().deriveSettings(s -> s.withStatementType(StatementType.STATIC_STATEMENT)).dsl();
    }
    Map<String, Row> found = new HashMap<>();
    for (Record3<String, OffsetDateTime, String> row : tx
        .select(STREAM_RECORD.EXTERNAL_ID, STREAM_RECORD.VENDOR_UPDATED_AT, STREAM_RECORD.CONTENT_HASH)
        .from(STREAM_RECORD)
        .where(byKey)
        .fetch()) {
      found.put(row.value1(), new Row(row.value1(), row.value2().toInstant(), row.value3(), null, false, false));
    }
    return found;
  }

  private void write(Connection c, String connectionId, String stream, Iterable<Row> rows) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    PreparedStatement inserts = null;
    PreparedStatement updates = null;
    try {
      for (Row r : rows) {
        OffsetDateTime updatedAt = r.updatedAt.atOffset(ZoneOffset.UTC);
        if (r.insert) {
          if (inserts == null) {
            inserts = c.prepareStatement(sql.insert);
          }
          inserts.setString(1, connectionId);
          inserts.setString(2, stream);
          inserts.setString(3, r.externalId);
          inserts.setObject(4, updatedAt);
          inserts.setString(5, r.payload);
          inserts.setString(6, r.hash);
          inserts.setBoolean(7, r.deleted);
          inserts.setObject(8, now);
          inserts.setObject(9, now);
          inserts.addBatch();
        } else {
          if (updates == null) {
            updates = c.prepareStatement(sql.update);
          }
          updates.setObject(1, updatedAt);
          updates.setString(2, r.payload);
          updates.setString(3, r.hash);
          updates.setBoolean(4, r.deleted);
          updates.setObject(5, now);
          updates.setString(6, connectionId);
          updates.setString(7, stream);
          updates.setString(8, r.externalId);
          updates.addBatch();
        }
      }
      if (inserts != null) {
        inserts.executeBatch();
      }
      if (updates != null) {
        updates.executeBatch();
      }
    } catch (SQLException e) {
      throw new DataAccessException("writing " + stream + " records of connection '" + connectionId + "' failed"
          + " (SQLState " + e.getSQLState() + ")", e);
    } finally {
      closeQuietly(inserts);
      closeQuietly(updates);
    }
  }

  private static void closeQuietly(PreparedStatement ps) {
    if (ps != null) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // the transaction's outcome decides; nothing to add
      }
    }
  }

  /**
   * The page write's statements, rendered by jOOQ once per sink from the generated schema and
   * bound by plain JDBC: jOOQ's per-value binding machinery costs more than the write itself.
   */
  private record Statements(String insert, String update) {
    static Statements render(Database db) {
      DSLContext dsl = db.dsl().configuration()
          .deriveSettings(s -> s.withParamCastMode(db.dialect() == SQLDialect.H2 ? ParamCastMode.NEVER : ParamCastMode.DEFAULT))
          .dsl();
      String insert = dsl.render(dsl.insertInto(STREAM_RECORD,
              STREAM_RECORD.CONNECTION_ID, STREAM_RECORD.STREAM, STREAM_RECORD.EXTERNAL_ID,
              STREAM_RECORD.VENDOR_UPDATED_AT, STREAM_RECORD.PAYLOAD, STREAM_RECORD.CONTENT_HASH,
              STREAM_RECORD.DELETED, STREAM_RECORD.FIRST_SEEN_AT, STREAM_RECORD.LAST_SEEN_AT)
          .values(p(String.class), p(String.class), p(String.class), p(OffsetDateTime.class), p(String.class),
              p(String.class), p(Boolean.class), p(OffsetDateTime.class), p(OffsetDateTime.class)));
      String update = dsl.render(dsl.update(STREAM_RECORD)
          .set(STREAM_RECORD.VENDOR_UPDATED_AT, p(OffsetDateTime.class))
          .set(STREAM_RECORD.PAYLOAD, p(String.class))
          .set(STREAM_RECORD.CONTENT_HASH, p(String.class))
          .set(STREAM_RECORD.DELETED, p(Boolean.class))
          .set(STREAM_RECORD.LAST_SEEN_AT, p(OffsetDateTime.class))
          .where(STREAM_RECORD.CONNECTION_ID.eq(p(String.class)), STREAM_RECORD.STREAM.eq(p(String.class)),
              STREAM_RECORD.EXTERNAL_ID.eq(p(String.class))));
      return new Statements(insert, update);
    }

    private static <T> Param<T> p(Class<T> type) {
      return DSL.param(type);
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
