package dev.tributary.core.store;

import dev.tributary.core.json.Json;
import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;
import static org.jooq.impl.DSL.excluded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Sink;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.core.db.Database;
import dev.tributary.core.privacy.PersonalData;
import dev.tributary.core.privacy.SubjectIndex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep9;
import org.jooq.Param;
import org.jooq.Record2;
import org.jooq.Row3;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The framework's default {@link Sink}: the {@code stream_record} table, one row per
 * (connection, stream, external id) holding the mapped record as JSON text.
 *
 * <p>For each record:
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
 * Within one page only the newest version of an id is stored; the versions it supersedes count
 * as stale (or unchanged when identical).
 *
 * <p>Cost per page: one conditional upsert of all its records ({@code INSERT ... ON CONFLICT DO
 * UPDATE ... WHERE} with {@code RETURNING} as one multi-row statement on PostgreSQL; one JDBC batch
 * of the equivalent {@code MERGE} on H2), whose conditions make the database itself skip unchanged
 * and stale rows. Only when some records were skipped does one indexed SELECT tell unchanged from
 * stale. All of it runs in the page's transaction. Thread-safe.
 *
 * <p>With {@link PersonalData} (built by the runtime when personal-data keys are configured), the
 * declared personal fields of a (connection, stream) are sealed in the stored payload, the content
 * hash is an HMAC over the plain canonical payload (so unchanged records are still skipped), and
 * the keyed hashes of IDENTIFIER values of written records are added to {@code record_subject}
 * (one more statement per page; erasure checks candidates against the record itself).
 */
public final class RecordTableSink implements Sink {

  /** The longest payload stored, in characters (the column's size). */
  public static final int MAX_PAYLOAD_CHARS = 1_000_000;

  /** Rows per PostgreSQL statement: 9 parameters a row stay well under the protocol's 32767. */
  static final int MAX_ROWS_PER_STATEMENT = 1000;

  private static final HexFormat HEX = HexFormat.of();

  private final Database db;
  private final ObjectMapper json;
  private final Clock clock;
  private final Map<Integer, String> upsertSql = new ConcurrentHashMap<>();
  private final PersonalData personal;

  /** A sink writing JSON with {@link Json#canonical()}. */
  public RecordTableSink(Database db) {
    this(db, Json.canonical(), Clock.systemUTC());
  }

  /**
   * A sink writing JSON with {@code json}. For stable content hashes it should sort properties
   * (see {@link Json#canonical()}).
   */
  public RecordTableSink(Database db, ObjectMapper json, Clock clock) {
    this(db, json, clock, null);
  }

  /**
   * A sink that seals the personal fields {@code personal} declares (null: none): their values are
   * stored encrypted, the content hash is keyed and computed over the plain payload, and the keyed
   * hashes of IDENTIFIER values are indexed in {@code record_subject} for erasure.
   */
  public RecordTableSink(Database db, ObjectMapper json, Clock clock, PersonalData personal) {
    this.db = Objects.requireNonNull(db, "db");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.personal = personal;
  }

  @Override
  public UpsertResult upsert(SinkContext context, List<MappedRecord> records) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(records, "records");
    String connectionId = context.connectionId();
    String stream = context.stream();
    MessageDigest sha = sha256();
    List<PersonalField> declared = personal == null ? List.of() : personal.fields(connectionId, stream);

    Map<String, Row> rows = new LinkedHashMap<>();
    int unchanged = 0;
    int stale = 0;
    for (MappedRecord r : records) {
      Row row;
      if (declared.isEmpty()) {
        String payload = serialize(r, connectionId, stream);
        row = new Row(r.externalId(), r.updatedAt(), hash(sha, payload, r.deleted()), payload, r.deleted(), Set.of());
      } else {
        row = sealed(r, connectionId, stream, declared);
      }
      Row earlier = rows.get(r.externalId());
      if (earlier != null) {
        Row loser = r.updatedAt().isBefore(earlier.updatedAt) ? row : earlier;
        Row winner = loser == row ? earlier : row;
        if (loser.hash.equals(winner.hash)) {
          unchanged++;
        } else {
          stale++;
        }
        rows.put(r.externalId(), winner);
      } else {
        rows.put(r.externalId(), row);
      }
    }
    if (rows.isEmpty()) {
      return new UpsertResult(0, unchanged, stale);
    }
    Connection c = context.transaction();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    List<Row> list = new ArrayList<>(rows.values());
    Set<String> written;
    try {
      written = db.dialect() == SQLDialect.POSTGRES
          ? upsertReturning(c, connectionId, stream, list, now)
          : upsertBatch(c, connectionId, stream, list, now);
    } catch (SQLException e) {
      throw new DataAccessException("writing records of stream '" + stream + "' (connection '" + connectionId
          + "') failed, SQLState " + e.getSQLState(), e);
    }
    if (written.size() < list.size()) {
      // Skipped by the upsert's condition: unchanged if the stored content is this content.
      List<String> skipped = new ArrayList<>(list.size() - written.size());
      for (Row r : list) {
        if (!written.contains(r.externalId)) {
          skipped.add(r.externalId);
        }
      }
      Map<String, String> storedHashes = storedHashes(c, connectionId, stream, skipped);
      for (String id : skipped) {
        if (rows.get(id).hash.equals(storedHashes.get(id))) {
          unchanged++;
        } else {
          stale++;
        }
      }
    }
    if (!declared.isEmpty() && !written.isEmpty()) {
      Map<String, Set<String>> subjects = new LinkedHashMap<>();
      for (Row r : list) {
        if (written.contains(r.externalId)) {
          subjects.put(r.externalId, r.subjects);
        }
      }
      try {
        SubjectIndex.add(c, db.dialect() == SQLDialect.POSTGRES, connectionId, stream, subjects,
            personal.keys().activeKeyId());
      } catch (SQLException e) {
        throw new DataAccessException("indexing the subjects of stream '" + stream + "' (connection '" + connectionId
            + "') failed, SQLState " + e.getSQLState(), e);
      }
    }
    return new UpsertResult(written.size(), unchanged, stale);
  }

  /** A row whose personal fields are sealed; its content hash is keyed, over the plain payload. */
  private Row sealed(MappedRecord r, String connectionId, String stream, List<PersonalField> declared) {
    JsonNode tree;
    String plain;
    String stored;
    Set<String> subjects;
    try {
      tree = json.valueToTree(r.payload());
      plain = json.writeValueAsString(tree);
      subjects = personal.seal(connectionId, stream, r.externalId(), tree, declared);
      stored = json.writeValueAsString(tree);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // Jackson's message may quote a value; name the type and the record only.
      throw new IllegalArgumentException("record '" + r.externalId() + "' of stream '" + stream + "' (connection '"
          + connectionId + "'): payload of type " + r.payload().getClass().getName() + " cannot be written as JSON", e);
    }
    if (stored.length() > MAX_PAYLOAD_CHARS) {
      throw new IllegalArgumentException("record '" + r.externalId() + "' of stream '" + stream + "' (connection '"
          + connectionId + "'): payload is " + stored.length() + " characters of JSON with its personal fields sealed;"
          + " at most " + MAX_PAYLOAD_CHARS + " are stored. Map fewer fields, or bind a host sink");
    }
    return new Row(r.externalId(), r.updatedAt(), personal.contentHash(plain, r.deleted()), stored, r.deleted(), subjects);
  }

  /** PostgreSQL: multi-row INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING the written ids. */
  private Set<String> upsertReturning(Connection c, String connectionId, String stream, List<Row> rows,
      OffsetDateTime now) throws SQLException {
    Set<String> written = new HashSet<>();
    for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_STATEMENT) {
      List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_STATEMENT));
      String sql = upsertSql.computeIfAbsent(chunk.size(), this::renderUpsert);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 0;
        for (Row r : chunk) {
          i = bindRow(ps, i, connectionId, stream, r, now);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            written.add(rs.getString(1));
          }
        }
      }
    }
    return written;
  }

  /** H2: the same upsert (rendered by jOOQ as MERGE) once per row, as one JDBC batch. */
  private Set<String> upsertBatch(Connection c, String connectionId, String stream, List<Row> rows,
      OffsetDateTime now) throws SQLException {
    String sql = upsertSql.computeIfAbsent(1, this::renderUpsert);
    Set<String> written = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Row r : rows) {
        bindRow(ps, 0, connectionId, stream, r, now);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          written.add(rows.get(i).externalId);
        }
      }
    }
    return written;
  }

  private static int bindRow(PreparedStatement ps, int offset, String connectionId, String stream, Row r,
      OffsetDateTime now) throws SQLException {
    ps.setString(offset + 1, connectionId);
    ps.setString(offset + 2, stream);
    ps.setString(offset + 3, r.externalId);
    ps.setObject(offset + 4, r.updatedAt.atOffset(ZoneOffset.UTC));
    ps.setString(offset + 5, r.payload);
    ps.setString(offset + 6, r.hash);
    ps.setBoolean(offset + 7, r.deleted);
    ps.setObject(offset + 8, now);
    ps.setObject(offset + 9, now);
    return offset + 9;
  }

  /**
   * The upsert for {@code rows} rows, rendered once by jOOQ from the generated schema and then
   * bound by plain JDBC (jOOQ's per-value binding would cost more than the write).
   */
  private String renderUpsert(int rows) {
    DSLContext dsl = db.dsl();
    InsertValuesStep9<?, String, String, String, OffsetDateTime, String, String, Boolean, OffsetDateTime, OffsetDateTime> insert =
        dsl.insertInto(STREAM_RECORD, STREAM_RECORD.CONNECTION_ID, STREAM_RECORD.STREAM, STREAM_RECORD.EXTERNAL_ID,
            STREAM_RECORD.VENDOR_UPDATED_AT, STREAM_RECORD.PAYLOAD, STREAM_RECORD.CONTENT_HASH,
            STREAM_RECORD.DELETED, STREAM_RECORD.FIRST_SEEN_AT, STREAM_RECORD.LAST_SEEN_AT);
    for (int i = 0; i < rows; i++) {
      insert = insert.values(p(String.class), p(String.class), p(String.class), p(OffsetDateTime.class),
          p(String.class), p(String.class), p(Boolean.class), p(OffsetDateTime.class), p(OffsetDateTime.class));
    }
    var upsert = insert
        .onConflict(STREAM_RECORD.EXTERNAL_ID, STREAM_RECORD.CONNECTION_ID, STREAM_RECORD.STREAM)
        .doUpdate()
        .set(STREAM_RECORD.VENDOR_UPDATED_AT, excluded(STREAM_RECORD.VENDOR_UPDATED_AT))
        .set(STREAM_RECORD.PAYLOAD, excluded(STREAM_RECORD.PAYLOAD))
        .set(STREAM_RECORD.CONTENT_HASH, excluded(STREAM_RECORD.CONTENT_HASH))
        .set(STREAM_RECORD.DELETED, excluded(STREAM_RECORD.DELETED))
        .set(STREAM_RECORD.LAST_SEEN_AT, excluded(STREAM_RECORD.LAST_SEEN_AT))
        // The database skips unchanged content and older versions itself.
        .where(STREAM_RECORD.CONTENT_HASH.ne(excluded(STREAM_RECORD.CONTENT_HASH))
            .and(STREAM_RECORD.VENDOR_UPDATED_AT.le(excluded(STREAM_RECORD.VENDOR_UPDATED_AT))));
    return db.dialect() == SQLDialect.POSTGRES
        ? dsl.render(upsert.returningResult(STREAM_RECORD.EXTERNAL_ID))
        : dsl.render(upsert);
  }

  private Map<String, String> storedHashes(Connection c, String connectionId, String stream, List<String> ids) {
    DSLContext tx = db.using(c);
    Condition byKey;
    if (db.dialect() == SQLDialect.H2) {
      // H2 looks a row-value IN up key by key; "external_id IN (...) AND connection_id = ? AND
      // stream = ?" makes it scan the whole key range instead (scanCount = table size), and CASTs
      // around the bind values would defeat the index too.
      tx = tx.configuration().deriveSettings(s -> s.withParamCastMode(ParamCastMode.NEVER)).dsl();
      List<Row3<String, String, String>> keys = new ArrayList<>(ids.size());
      for (String id : ids) {
        keys.add(DSL.row(id, connectionId, stream));
      }
      byKey = DSL.row(STREAM_RECORD.EXTERNAL_ID, STREAM_RECORD.CONNECTION_ID, STREAM_RECORD.STREAM).in(keys);
    } else {
      // Values inlined (jOOQ escapes them), so PostgreSQL plans with real values and current
      // statistics instead of a generic plan made while the table was empty (a sequential scan).
      tx = tx.configuration().deriveSettings(s -> s.withStatementType(StatementType.STATIC_STATEMENT)).dsl();
      byKey = STREAM_RECORD.EXTERNAL_ID.in(ids).and(STREAM_RECORD.CONNECTION_ID.eq(connectionId))
          .and(STREAM_RECORD.STREAM.eq(stream));
    }
    Map<String, String> found = new HashMap<>();
    for (Record2<String, String> r : tx.select(STREAM_RECORD.EXTERNAL_ID, STREAM_RECORD.CONTENT_HASH)
        .from(STREAM_RECORD)
        .where(byKey)
        .fetch()) {
      found.put(r.value1(), r.value2());
    }
    return found;
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

  private static <T> Param<T> p(Class<T> type) {
    return DSL.param(type);
  }

  private record Row(String externalId, Instant updatedAt, String hash, String payload, boolean deleted,
      Set<String> subjects) {}
}
