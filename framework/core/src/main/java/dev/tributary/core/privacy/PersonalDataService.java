package dev.tributary.core.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.db.Database;
import dev.tributary.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on stored personal data: erasure of one subject, retention purges and key rotation
 * ({@link #rekey}). Obtain it from {@code Tributary#personalData()}. Thread-safe.
 */
public final class PersonalDataService {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataService.class);

  private final Database db;
  private final PersonalData personal;
  private final Clock clock;
  private final ObjectMapper json = Json.canonical();

  public PersonalDataService(Database db, PersonalData personal, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.personal = Objects.requireNonNull(personal, "personal");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The declarations and keyring. */
  public PersonalData personalData() {
    return personal;
  }

  /**
   * Deletes every record of one subject across the connection's streams: records whose IDENTIFIER
   * fields hold {@code subject} (an email, compared without case, or another identifier), and
   * records whose external id is {@code subject}. Writes one {@code erasure_audit} row (keyed hash,
   * counts, time), all in one transaction. A later sync brings the subject back if the vendor
   * still has it: erase at the vendor too.
   *
   * @throws IllegalArgumentException if the subject is blank
   */
  public ErasureReport erase(String connectionId, String subject) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("the subject to erase is blank: give an email address or an external id");
    }
    Set<String> hashes = new LinkedHashSet<>(personal.subjectHashes(subject).values());
    String auditHash = personal.subjectHash(personal.keys().activeKeyId(), subject);
    String activeHash = auditHash;
    return db.inTransaction((c, tx) -> {
      Set<List<String>> targets = new LinkedHashSet<>();
      String in = hashes.stream().map(h -> "?").collect(Collectors.joining(", "));
      try (PreparedStatement ps = c.prepareStatement("SELECT stream, external_id, subject_hash FROM record_subject"
          + " WHERE subject_hash IN (" + in + ") AND connection_id = ?")) {
        int i = 1;
        for (String h : hashes) {
          ps.setString(i++, h);
        }
        ps.setString(i, connectionId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            targets.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT stream, external_id FROM stream_record WHERE connection_id = ? AND external_id = ?")) {
        ps.setString(1, connectionId);
        ps.setString(2, subject.strip());
        collect(ps, targets);
      }
      // Subject rows are candidates: a record whose value changed may still have a row for its old
      // one. Keep only the records that hold the subject now, and drop the stale rows.
      for (List<String> t : new ArrayList<>(targets)) {
        if (t.size() == 3 && !holdsSubject(c, connectionId, t.get(0), t.get(1), activeHash)) {
          targets.remove(t);
          SubjectIndex.deleteOne(c, connectionId, t.get(0), t.get(1), t.get(2));
        }
      }
      Map<String, Integer> byStream = new TreeMap<>();
      try (PreparedStatement del = c.prepareStatement(
          "DELETE FROM stream_record WHERE external_id = ? AND connection_id = ? AND stream = ?")) {
        for (List<String> t : targets) {
          del.setString(1, t.get(1));
          del.setString(2, connectionId);
          del.setString(3, t.get(0));
          if (del.executeUpdate() > 0) {
            byStream.merge(t.get(0), 1, Integer::sum);
          }
          SubjectIndex.delete(c, connectionId, t.get(0), t.get(1));
        }
      }
      long auditId;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO erasure_audit"
          + " (connection_id, subject_hash, records, streams, erased_at) VALUES (?, ?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, connectionId);
        ps.setString(2, auditHash);
        ps.setInt(3, byStream.values().stream().mapToInt(Integer::intValue).sum());
        ps.setString(4, byStream.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
        ps.setObject(5, now());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          auditId = keys.getLong(1);
        }
      }
      ErasureReport report = new ErasureReport(connectionId, auditHash, byStream, auditId);
      log.info("erasure on connection '{}': subject hash {}, {} record(s) removed {}", connectionId, auditHash,
          report.removed(), byStream);
      return report;
    });
  }

  /** Whether the stored record's IDENTIFIER values, opened, include the subject (by its active-key hash). */
  private boolean holdsSubject(Connection c, String connectionId, String stream, String externalId, String activeHash)
      throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT payload FROM stream_record WHERE external_id = ? AND connection_id = ? AND stream = ?")) {
      ps.setString(1, externalId);
      ps.setString(2, connectionId);
      ps.setString(3, stream);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        JsonNode plain = personal.open(connectionId, stream, externalId, json.readTree(rs.getString(1)));
        return personal.subjects(plain, personal.fields(connectionId, stream)).contains(activeHash);
      }
    }
  }

  private static void collect(PreparedStatement ps, Set<List<String>> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.add(List.of(rs.getString(1), rs.getString(2)));
      }
    }
  }

  /**
   * Deletes the stream's records not written for {@code retention} (by {@code last_seen_at}: the
   * time a record was first stored or last changed) and their subject rows; returns how many.
   *
   * @throws IllegalArgumentException unless {@code retention} is positive
   */
  public int purgeExpired(String connectionId, String stream, Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    OffsetDateTime cutoff = now().minus(retention);
    int purged = db.inTransaction((c, tx) -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM record_subject WHERE connection_id = ? AND stream = ?"
          + " AND external_id IN (SELECT external_id FROM stream_record WHERE connection_id = ? AND stream = ?"
          + " AND last_seen_at < ?)")) {
        ps.setString(1, connectionId);
        ps.setString(2, stream);
        ps.setString(3, connectionId);
        ps.setString(4, stream);
        ps.setObject(5, cutoff);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM stream_record WHERE connection_id = ? AND stream = ? AND last_seen_at < ?")) {
        ps.setString(1, connectionId);
        ps.setString(2, stream);
        ps.setObject(3, cutoff);
        return ps.executeUpdate();
      }
    });
    log.info("retention on {}/{}: {} record(s) not seen since {} purged", connectionId, stream, purged, cutoff);
    return purged;
  }

  /** Called inside each rekey batch's transaction, before it commits; throwing rolls the batch back. */
  @FunctionalInterface
  public interface BatchHook {
    /** @param batch the batch's number in this run, from 1 */
    void beforeCommit(int batch, int rows);

    /** No hook. */
    BatchHook NONE = (batch, rows) -> { };
  }

  /** What a rekey did. @param done false only if {@code maxBatches} stopped it first */
  public record RekeyResult(String keyId, long examined, long rewritten, boolean done) {}

  /** {@link #rekey(int, int, BatchHook)} to the end, without a hook. */
  public RekeyResult rekey(int batchSize) {
    return rekey(batchSize, Integer.MAX_VALUE, BatchHook.NONE);
  }

  /**
   * Re-encrypts the record table under the keyring's active key, {@code batchSize} rows per
   * transaction in primary-key order: values sealed under older keys are re-sealed, declared
   * fields still stored in clear (written before keys were configured) are sealed, and content and
   * subject hashes are recomputed with the active key's derived keys. Progress is stored per target
   * key in {@code rekey_progress} with each batch, so a rekey that is interrupted (crash, error)
   * resumes where it stopped when run again, and a finished one returns at once. After it is done,
   * the older keys are no longer needed.
   *
   * @throws IllegalArgumentException unless {@code batchSize} is 1-10000 and {@code maxBatches} positive
   */
  public RekeyResult rekey(int batchSize, int maxBatches, BatchHook hook) {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be 1-10000, was " + batchSize);
    }
    if (maxBatches < 1) {
      throw new IllegalArgumentException("maxBatches must be >= 1, was " + maxBatches);
    }
    Objects.requireNonNull(hook, "hook");
    String target = personal.keys().activeKeyId();
    db.inTransaction((c, tx) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT done FROM rekey_progress WHERE target_key_id = ?")) {
        ps.setString(1, target);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rekey_progress (target_key_id, rewritten, done,"
          + " updated_at) VALUES (?, 0, FALSE, ?)")) {
        ps.setString(1, target);
        ps.setObject(2, now());
        ps.executeUpdate();
      }
      return null;
    });
    long examined = 0;
    for (int batch = 1; batch <= maxBatches; batch++) {
      int b = batch;
      Batch r = db.inTransaction((c, tx) -> rekeyBatch(c, target, batchSize, b, hook));
      examined += r.examined();
      if (r.done()) {
        log.info("rekey to key '{}' done: {} record(s) rewritten in all", target, r.rewrittenTotal());
        return new RekeyResult(target, examined, r.rewrittenTotal(), true);
      }
      if (batch == maxBatches) {
        return new RekeyResult(target, examined, r.rewrittenTotal(), false);
      }
    }
    throw new AssertionError("unreachable");
  }

  private record Batch(int examined, long rewrittenTotal, boolean done) {}

  private Batch rekeyBatch(Connection c, String target, int batchSize, int batchNo, BatchHook hook) throws Exception {
    String lastId;
    String lastConnection;
    String lastStream;
    long rewritten;
    boolean done;
    try (PreparedStatement ps = c.prepareStatement("SELECT last_external_id, last_connection, last_stream, rewritten,"
        + " done FROM rekey_progress WHERE target_key_id = ? FOR UPDATE")) {
      ps.setString(1, target);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        lastId = rs.getString(1);
        lastConnection = rs.getString(2);
        lastStream = rs.getString(3);
        rewritten = rs.getLong(4);
        done = rs.getBoolean(5);
      }
    }
    if (done) {
      return new Batch(0, rewritten, true);
    }
    String sql = "SELECT external_id, connection_id, stream, payload, deleted, content_hash FROM stream_record"
        + (lastId == null ? "" : " WHERE (external_id, connection_id, stream) > (?, ?, ?)")
        + " ORDER BY external_id, connection_id, stream FETCH FIRST " + batchSize + " ROWS ONLY";
    List<String[]> rows = new ArrayList<>();
    List<Boolean> deleted = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (lastId != null) {
        ps.setString(1, lastId);
        ps.setString(2, lastConnection);
        ps.setString(3, lastStream);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(6)});
          deleted.add(rs.getBoolean(5));
        }
      }
    }
    try (PreparedStatement upd = c.prepareStatement("UPDATE stream_record SET payload = ?, content_hash = ?"
        + " WHERE external_id = ? AND connection_id = ? AND stream = ?")) {
      for (int i = 0; i < rows.size(); i++) {
        String[] r = rows.get(i);
        String id = r[0];
        String connectionId = r[1];
        String stream = r[2];
        var declared = personal.fields(connectionId, stream);
        if (declared.isEmpty() && !PersonalData.mayHoldSealed(r[3])) {
          continue;
        }
        JsonNode tree = json.readTree(r[3]);
        personal.reseal(connectionId, stream, id, tree);
        JsonNode plain = personal.open(connectionId, stream, id, tree.deepCopy());
        personal.seal(connectionId, stream, id, tree, declared);
        String payload = json.writeValueAsString(tree);
        String hash = personal.contentHash(json.writeValueAsString(plain), deleted.get(i));
        if (payload.equals(r[3]) && hash.equals(r[4])) {
          continue;
        }
        upd.setString(1, payload);
        upd.setString(2, hash);
        upd.setString(3, id);
        upd.setString(4, connectionId);
        upd.setString(5, stream);
        upd.executeUpdate();
        SubjectIndex.replace(c, connectionId, stream, Map.of(id, personal.subjects(plain, declared)), target);
        rewritten++;
      }
    }
    boolean finished = rows.size() < batchSize;
    try (PreparedStatement ps = c.prepareStatement("UPDATE rekey_progress SET last_external_id = ?, last_connection = ?,"
        + " last_stream = ?, rewritten = ?, done = ?, updated_at = ? WHERE target_key_id = ?")) {
      String[] last = rows.isEmpty() ? new String[] {lastId, lastConnection, lastStream} : rows.get(rows.size() - 1);
      ps.setString(1, last[0]);
      ps.setString(2, last[1]);
      ps.setString(3, last[2]);
      ps.setLong(4, rewritten);
      ps.setBoolean(5, finished);
      ps.setObject(6, now());
      ps.setString(7, target);
      ps.executeUpdate();
    }
    hook.beforeCommit(batchNo, rows.size());
    return new Batch(rows.size(), rewritten, finished);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
