package dev.tributary.core.auth;

import static dev.tributary.core.db.generated.Tables.TRIBUTARY_LOCK;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;
import javax.sql.DataSource;

/**
 * A {@link RefreshLock} on a database row, portable across H2 and PostgreSQL: each lock name is a
 * row of {@value #TABLE}; holding the lock is holding that row's {@code SELECT ... FOR UPDATE} lock
 * inside an open transaction on a dedicated connection. Another process's {@code FOR UPDATE} on the
 * same row blocks until the holder commits, or fails after the lock timeout. A crashed holder's
 * connection closes and the database releases the row, so a lock cannot be orphaned.
 *
 * <p>Why a row lock rather than PostgreSQL advisory locks: it behaves the same on H2 (the embedded
 * default) and PostgreSQL, and needs no hash of the name into a 64-bit key. The table comes from the
 * framework's migrations; queries are jOOQ, only the dialect-specific lock-timeout settings are raw. Thread-safe; each {@link #acquire} uses one pooled connection until released.
 */
public final class JdbcRefreshLock implements RefreshLock {

  /** The lock table. */
  public static final String TABLE = "tributary_lock";


  private final DataSource dataSource;
  private final Duration timeout;

  /** Locks on {@code dataSource}'s database, waiting at most {@code timeout} for a holder. */
  public JdbcRefreshLock(DataSource dataSource, Duration timeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("lock timeout must be positive and under 24 days, was " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Creates the lock table if it does not exist, for a database the framework's migrations did not
   * set up (the framework's own database has it from migration V2_1).
   */
  public void createTableIfMissing() {
    try (Connection c = dataSource.getConnection()) {
      dsl(c).createTableIfNotExists(TRIBUTARY_LOCK)
          .column(TRIBUTARY_LOCK.NAME).primaryKey(TRIBUTARY_LOCK.NAME).execute();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create lock table " + TABLE + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Held acquire(String name) {
    Objects.requireNonNull(name, "name");
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(true);
      ensureRow(c, name);
      c.setAutoCommit(false);
      Dialect dialect = Dialect.of(c);
      String restore = dialect.setLockTimeout(c, timeout);
      if (dsl(c).selectFrom(TRIBUTARY_LOCK).where(TRIBUTARY_LOCK.NAME.eq(name))
          .forUpdate().fetchOne() == null) {
        throw new SQLException("lock row '" + name + "' vanished");
      }
      Connection held = c;
      return () -> release(held, name, dialect, restore);
    } catch (SQLException | org.jooq.exception.DataAccessException e) {
      closeQuietly(c);
      String state = e instanceof SQLException se ? se.getSQLState() : ((org.jooq.exception.DataAccessException) e).sqlState();
      throw new IllegalStateException("could not take refresh lock '" + name + "' within " + timeout.toMillis()
          + " ms: another process may hold it, or the database failed (" + state + " " + e.getMessage() + ")", e);
    }
  }

  private static void ensureRow(Connection c, String name) throws SQLException {
    // A plain read first: MERGE / ON CONFLICT would wait on the row lock a holder has.
    var dsl = dsl(c);
    if (dsl.fetchExists(TRIBUTARY_LOCK, TRIBUTARY_LOCK.NAME.eq(name))) {
      return;
    }
    try {
      dsl.insertInto(TRIBUTARY_LOCK).set(TRIBUTARY_LOCK.NAME, name).execute();
    } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
      // Two processes inserting the first row at once: the loser's duplicate key is harmless.
    }
  }

  private static void release(Connection c, String name, Dialect dialect, String restore) {
    try {
      c.commit();
      dialect.restoreLockTimeout(c, restore);
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("could not release refresh lock '" + name + "': " + e.getMessage(), e);
    } finally {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.rollback();
      } catch (SQLException | RuntimeException ignored) {
        // Already committed or broken: closing releases everything anyway.
      }
      try {
        c.close();
      } catch (SQLException ignored) {
        // Nothing more to release.
      }
    }
  }

  /** How each database bounds the wait for a row lock. */
  private enum Dialect {
    POSTGRES {
      @Override
      String setLockTimeout(Connection c, Duration timeout) throws SQLException {
        try (Statement s = c.createStatement()) {
          // SET LOCAL ends with the transaction: nothing to restore.
          s.execute("SET LOCAL lock_timeout = " + timeout.toMillis());
        }
        return null;
      }

      @Override
      void restoreLockTimeout(Connection c, String previous) {}
    },
    H2 {
      @Override
      String setLockTimeout(Connection c, Duration timeout) throws SQLException {
        String previous = null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'LOCK_TIMEOUT'")) {
          if (rs.next()) {
            previous = rs.getString(1);
          }
        }
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCK_TIMEOUT " + timeout.toMillis());
        }
        return previous;
      }

      @Override
      void restoreLockTimeout(Connection c, String previous) throws SQLException {
        if (previous != null && previous.matches("[0-9]+")) {
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + previous);
          }
        }
      }
    },
    OTHER {
      @Override
      String setLockTimeout(Connection c, Duration timeout) {
        return null;
      }

      @Override
      void restoreLockTimeout(Connection c, String previous) {}
    };

    abstract String setLockTimeout(Connection c, Duration timeout) throws SQLException;

    abstract void restoreLockTimeout(Connection c, String previous) throws SQLException;

    static Dialect of(Connection c) throws SQLException {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      return product.contains("postgres") ? POSTGRES : product.contains("h2") ? H2 : OTHER;
    }
  }

  /**
   * A jOOQ context rendering unquoted names, like {@code Database}'s: the migration's unquoted
   * {@code tributary_lock} is {@code TRIBUTARY_LOCK} on H2, which a quoted lower-case name misses.
   */
  private static org.jooq.DSLContext dsl(Connection c) {
    return DSL.using(c, JDBCUtils.dialect(c),
        new org.jooq.conf.Settings().withRenderQuotedNames(org.jooq.conf.RenderQuotedNames.NEVER));
  }
}
