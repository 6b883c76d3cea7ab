package dev.tributary.core.auth;

import dev.tributary.api.store.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A minimal StateStore over JDBC, for the cross-process tests only, until the persistence
 * helper's JDBC StateStore can be used here. Values are base64 text, so one DDL runs on H2 and
 * PostgreSQL.
 */
final class JdbcTestStateStore implements StateStore {

  private final DataSource ds;
  private final Clock clock;

  JdbcTestStateStore(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  static void reset(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS test_state");
      s.execute("CREATE TABLE test_state (k VARCHAR(300) PRIMARY KEY, v VARCHAR(8000) NOT NULL, expires_at BIGINT NOT NULL)");
      s.execute("DROP TABLE IF EXISTS tributary_lock");
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    try (Connection c = ds.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT v FROM test_state WHERE k = ? AND expires_at > ?")) {
      ps.setString(1, key);
      ps.setLong(2, clock.millis());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Base64.getDecoder().decode(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement d = c.prepareStatement("DELETE FROM test_state WHERE k = ?");
           PreparedStatement i = c.prepareStatement("INSERT INTO test_state (k, v, expires_at) VALUES (?, ?, ?)")) {
        d.setString(1, key);
        d.executeUpdate();
        i.setString(1, key);
        i.setString(2, Base64.getEncoder().encodeToString(value));
        i.setLong(3, clock.millis() + ttl.toMillis());
        i.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
    throw new UnsupportedOperationException("not needed by the token manager");
  }

  @Override
  public void delete(String key) {
    try (Connection c = ds.getConnection(); PreparedStatement d = c.prepareStatement("DELETE FROM test_state WHERE k = ?")) {
      d.setString(1, key);
      d.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
