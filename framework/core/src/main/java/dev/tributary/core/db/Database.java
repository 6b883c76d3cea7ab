package dev.tributary.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework's database: a HikariCP pool, the framework schema (Flyway migrations applied on
 * {@link #open}) and jOOQ over it. H2 in a file is the embedded default ({@link #DEFAULT_URL});
 * PostgreSQL runs the same migrations and is chosen by its JDBC URL. Many processes may share one
 * PostgreSQL database; an H2 file belongs to one process unless opened with {@code AUTO_SERVER=TRUE}.
 *
 * <pre>{@code
 * try (Database db = Database.open("jdbc:postgresql://db/tributary", "tributary", password)) {
 *   CursorStore cursors = new DbCursorStore(db);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it to close the pool.
 */
public final class Database implements AutoCloseable {

  /** The embedded default: an H2 file under {@code ./data}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/tributary";

  /** Flyway's history table; named so that a host's own Flyway history is never touched. */
  static final String HISTORY_TABLE = "tributary_schema_history";

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HikariDataSource pool;
  private final SQLDialect dialect;
  private final DSLContext dsl;

  private Database(HikariDataSource pool, SQLDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.dsl = DSL.using(pool, dialect, settings());
  }

  /**
   * Opens a pool to {@code jdbcUrl} and brings the framework schema up to date.
   *
   * @throws IllegalArgumentException when the URL is neither H2 nor PostgreSQL
   * @throws DatabaseException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl, String user, String password) {
    return builder(jdbcUrl).user(user).password(password).open();
  }

  /** Opens the embedded default, {@link #DEFAULT_URL}. */
  public static Database openDefault() {
    return builder(DEFAULT_URL).user("sa").password("").open();
  }

  /** Starts configuring a database at {@code jdbcUrl}. */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /** jOOQ over the pool; each statement runs in its own transaction unless inside {@link #inTransaction}. */
  public DSLContext dsl() {
    return dsl;
  }

  /** The pool, for a host's own queries. */
  public DataSource dataSource() {
    return pool;
  }

  /** {@link SQLDialect#H2} or {@link SQLDialect#POSTGRES}, from the JDBC URL. */
  public SQLDialect dialect() {
    return dialect;
  }

  /** jOOQ bound to one JDBC connection, e.g. the page transaction's. */
  public DSLContext using(Connection connection) {
    return DSL.using(connection, dialect, settings());
  }

  /**
   * Runs {@code work} in one transaction on one pooled connection: committed when it returns,
   * rolled back when it throws (the exception is rethrown as is).
   */
  public <T> T inTransaction(TransactionalWork<T> work) {
    Objects.requireNonNull(work, "work");
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c, using(c));
        c.commit();
        return result;
      } catch (Throwable t) {
        rollbackQuietly(c, t);
        evictIfBroken(c);
        throw t;
      } finally {
        if (!c.isClosed()) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException e) {
            evictIfBroken(c);
          }
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException("transaction failed: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new DatabaseException("transaction failed: " + e.getMessage(), e);
    }
  }

  /**
   * Drops a connection that died during the transaction: HikariCP only recognises some drivers'
   * "connection lost" codes (not H2's), and a dead connection back in the pool fails the next user.
   */
  private void evictIfBroken(Connection c) {
    boolean valid;
    try {
      valid = !c.isClosed() && c.isValid(2);
    } catch (SQLException e) {
      valid = false;
    }
    if (!valid) {
      pool.evictConnection(c);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    // The pool name only: a JDBC URL may carry a password parameter.
    return "Database[" + pool.getPoolName() + ", " + dialect + "]";
  }

  private static Settings settings() {
    // The migrations use unquoted names, which H2 folds to upper case and PostgreSQL to lower
    // case; unquoted rendering lets one generated model fit both.
    return new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER).withExecuteLogging(false);
  }

  static SQLDialect dialectOf(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return SQLDialect.H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return SQLDialect.POSTGRES;
    }
    int colon = jdbcUrl.indexOf(':', jdbcUrl.indexOf(':') + 1);
    String scheme = colon > 0 ? jdbcUrl.substring(0, colon) : "(no scheme)";
    throw new IllegalArgumentException("unsupported JDBC URL scheme '" + scheme
        + "': Tributary runs on H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...)");
  }

  /** A unit of work in a transaction. */
  @FunctionalInterface
  public interface TransactionalWork<T> {
    /** Runs with the transaction's JDBC connection (do not commit or close it) and jOOQ over it. */
    T run(Connection connection, DSLContext tx) throws Exception;
  }

  /** Configures and opens a {@link Database}. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private final SQLDialect dialect;
    private String user = "";
    private String password = "";
    private int maxPoolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(10);

    private Builder(String url) {
      this.dialect = dialectOf(url);
      this.url = url;
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The password; never logged. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** @throws IllegalArgumentException when {@code n < 1} */
    public Builder maxPoolSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxPoolSize must be >= 1, was " + n);
      }
      this.maxPoolSize = n;
      return this;
    }

    /** How long to wait for a pooled connection. @throws IllegalArgumentException unless 250 ms or more */
    public Builder connectionTimeout(Duration d) {
      Objects.requireNonNull(d, "connectionTimeout");
      if (d.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be >= 250ms (HikariCP's minimum), was " + d);
      }
      this.connectionTimeout = d;
      return this;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws DatabaseException when the database cannot be reached or migrated
     */
    public Database open() {
      HikariConfig cfg = new HikariConfig();
      cfg.setPoolName("tributary-" + POOLS.incrementAndGet());
      cfg.setJdbcUrl(url);
      cfg.setUsername(user);
      cfg.setPassword(password);
      cfg.setMaximumPoolSize(maxPoolSize);
      cfg.setMinimumIdle(Math.min(2, maxPoolSize));
      cfg.setConnectionTimeout(connectionTimeout.toMillis());
      if (dialect == SQLDialect.POSTGRES) {
        // One multi-row INSERT per batch instead of one round trip per row.
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Keeps bound values (record payloads, which may hold personal data) out of the driver's
        // exception messages, and so out of logs.
        cfg.addDataSourceProperty("logServerErrorDetail", "false");
      }
      HikariDataSource pool;
      try {
        pool = new HikariDataSource(cfg);
      } catch (RuntimeException e) {
        throw new DatabaseException("cannot connect to the " + dialect + " database as user '" + user
            + "': " + rootMessage(e) + ". Check the JDBC URL, user and password, and that the server is running", e);
      }
      try {
        var result = Flyway.configure(Database.class.getClassLoader())
            .dataSource(pool)
            .locations("classpath:db/migration")
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
        if (result.migrationsExecuted > 0) {
          log.info("tributary schema migrated to version {} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
        }
      } catch (FlywayException e) {
        pool.close();
        throw new DatabaseException("cannot migrate the Tributary schema: " + e.getMessage(), e);
      }
      return new Database(pool, dialect);
    }

    private static String rootMessage(Throwable t) {
      Throwable r = t;
      while (r.getCause() != null && r.getCause() != r) {
        r = r.getCause();
      }
      return r.getMessage();
    }
  }
}
