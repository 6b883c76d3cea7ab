package dev.tributary.core.db;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.db.generated.DefaultSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jooq.Table;

/**
 * Fresh databases for the store and engine suites: an in-memory H2 database, or a fresh schema in
 * the PostgreSQL at {@link #PG_URL} (skipped, saying how to enable it, when unreachable).
 */
public final class TestDatabases {

  /** Override with the environment variable TRIBUTARY_TEST_PG_URL. */
  public static final String PG_URL = System.getenv().getOrDefault("TRIBUTARY_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String PG_USER = System.getenv().getOrDefault("TRIBUTARY_TEST_PG_USER", "postgres");

  private TestDatabases() {}

  /** A target database: its URL and how to open pools on it. */
  public interface Target extends AutoCloseable {
    String url();

    String user();

    default Database open() {
      return Database.builder(url()).user(user()).password("").maxPoolSize(6).open();
    }

    @Override
    void close();
  }

  /** A new in-memory H2 database, alive until closed. */
  public static Target h2() {
    String url = "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    return new Target() {
      public String url() {
        return url;
      }

      public String user() {
        return "sa";
      }

      public void close() {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
          // already gone
        }
      }
    };
  }

  /** A new schema in the test PostgreSQL, dropped on close; aborts the calling test class if unreachable. */
  public static Target postgres() {
    String schema = "trb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      assumeTrue(false, "PostgreSQL half skipped: cannot connect to " + PG_URL + " as '" + PG_USER + "' (" + e.getMessage()
          + "). To enable it, start PostgreSQL on 127.0.0.1:5432 with database 'test', user 'postgres' and trust auth"
          + " (here: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or set"
          + " TRIBUTARY_TEST_PG_URL / TRIBUTARY_TEST_PG_USER");
    }
    String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new Target() {
      public String url() {
        return url;
      }

      public String user() {
        return PG_USER;
      }

      public void close() {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException ignored) {
          // best effort: the schema name is random
        }
      }
    };
  }

  /** Empties every framework table, so each test starts clean. */
  public static void clean(Database db) {
    for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
      db.dsl().deleteFrom(t).execute();
    }
  }
}
