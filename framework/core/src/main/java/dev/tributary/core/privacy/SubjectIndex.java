package dev.tributary.core.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code record_subject} table: keyed hashes of each record's IDENTIFIER values. Written by the
 * record sink in the page's transaction; read by erasure. Holds no personal value.
 */
public final class SubjectIndex {

  private SubjectIndex() {}

  /** Rows per statement: 5 parameters a row stay well under PostgreSQL's 32767. */
  private static final int CHUNK = 1000;

  /**
   * Replaces the subject rows of each record in {@code subjectsById}: per 1000 records, one DELETE
   * and one multi-row INSERT, whatever the number of records.
   */
  public static void replace(Connection c, String connectionId, String stream, Map<String, Set<String>> subjectsById,
      String keyId) throws SQLException {
    List<String> ids = new ArrayList<>(subjectsById.keySet());
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      try (PreparedStatement del = c.prepareStatement("DELETE FROM record_subject WHERE connection_id = ? AND stream = ?"
          + " AND external_id IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
        del.setString(1, connectionId);
        del.setString(2, stream);
        int i = 3;
        for (String id : chunk) {
          del.setString(i++, id);
        }
        del.executeUpdate();
      }
      int rows = 0;
      for (String id : chunk) {
        rows += subjectsById.get(id).size();
      }
      if (rows == 0) {
        continue;
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO record_subject"
          + " (connection_id, stream, external_id, subject_hash, key_id) VALUES "
          + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?)")))) {
        int i = 1;
        for (String id : chunk) {
          for (String hash : subjectsById.get(id)) {
            ins.setString(i++, connectionId);
            ins.setString(i++, stream);
            ins.setString(i++, id);
            ins.setString(i++, hash);
            ins.setString(i++, keyId);
          }
        }
        ins.executeUpdate();
      }
    }
  }

  /**
   * Adds the subject rows of each record in {@code subjectsById}, keeping the rows already there:
   * one multi-row statement per 1000 rows, no delete, so a page costs one more statement. A
   * record's rows for values it no longer holds stay until an erasure finds them stale (it checks
   * the record itself) or {@link #replace} rewrites them.
   */
  public static void add(Connection c, boolean postgres, String connectionId, String stream,
      Map<String, Set<String>> subjectsById, String keyId) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    subjectsById.forEach((id, hashes) -> hashes.forEach(h -> rows.add(new String[] {id, h})));
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<String[]> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      String values = String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"));
      String sql = postgres
          ? "INSERT INTO record_subject (connection_id, stream, external_id, subject_hash, key_id) VALUES " + values
              + " ON CONFLICT (external_id, connection_id, stream, subject_hash) DO NOTHING"
          : "MERGE INTO record_subject (connection_id, stream, external_id, subject_hash, key_id)"
              + " KEY (external_id, connection_id, stream, subject_hash) VALUES " + values;
      try (PreparedStatement ins = c.prepareStatement(sql)) {
        int i = 1;
        for (String[] r : chunk) {
          ins.setString(i++, connectionId);
          ins.setString(i++, stream);
          ins.setString(i++, r[0]);
          ins.setString(i++, r[1]);
          ins.setString(i++, keyId);
        }
        ins.executeUpdate();
      }
    }
  }

  /** Removes one subject row. */
  static void deleteOne(Connection c, String connectionId, String stream, String externalId, String hash)
      throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM record_subject"
        + " WHERE external_id = ? AND connection_id = ? AND stream = ? AND subject_hash = ?")) {
      del.setString(1, externalId);
      del.setString(2, connectionId);
      del.setString(3, stream);
      del.setString(4, hash);
      del.executeUpdate();
    }
  }

  /** Removes the subject rows of one record. */
  static void delete(Connection c, String connectionId, String stream, String externalId) throws SQLException {
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM record_subject WHERE external_id = ? AND connection_id = ? AND stream = ?")) {
      del.setString(1, externalId);
      del.setString(2, connectionId);
      del.setString(3, stream);
      del.executeUpdate();
    }
  }
}
