package dev.tributary.core.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code record_subject} table: keyed hashes of each record's IDENTIFIER values. Written by the
 * record sink in the page's transaction; read by erasure. Holds no personal value.
 */
public final class SubjectIndex {

  private SubjectIndex() {}

  /** Replaces the subject rows of each record in {@code subjectsById}: two JDBC batches. */
  public static void replace(Connection c, String connectionId, String stream, Map<String, Set<String>> subjectsById,
      String keyId) throws SQLException {
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM record_subject WHERE external_id = ? AND connection_id = ? AND stream = ?")) {
      for (String id : subjectsById.keySet()) {
        del.setString(1, id);
        del.setString(2, connectionId);
        del.setString(3, stream);
        del.addBatch();
      }
      del.executeBatch();
    }
    boolean any = false;
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO record_subject"
        + " (connection_id, stream, external_id, subject_hash, key_id) VALUES (?, ?, ?, ?, ?)")) {
      for (var e : subjectsById.entrySet()) {
        for (String hash : e.getValue()) {
          ins.setString(1, connectionId);
          ins.setString(2, stream);
          ins.setString(3, e.getKey());
          ins.setString(4, hash);
          ins.setString(5, keyId);
          ins.addBatch();
          any = true;
        }
      }
      if (any) {
        ins.executeBatch();
      }
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
