package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.STREAM_CURSOR;

import dev.tributary.api.store.CursorStore;
import dev.tributary.api.stream.Cursor;
import dev.tributary.core.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * {@link CursorStore} over the framework database's {@code stream_cursor} table. The plain methods
 * run in their own transaction; the {@code DSLContext} overloads join the caller's (the sync
 * engine moves the cursor in the same transaction as the page's records). Thread-safe.
 */
public final class DbCursorStore implements CursorStore {

  private final Database db;
  private final Clock clock;
  private final Statements sql;

  public DbCursorStore(Database db) {
    this(db, Clock.systemUTC());
  }

  public DbCursorStore(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sql = Statements.render(db);
  }

  @Override
  public Optional<Cursor> load(String connectionId, String stream) {
    return load(db.dsl(), connectionId, stream);
  }

  /** {@link #load(String, String)} in the transaction of {@code tx}. */
  public Optional<Cursor> load(DSLContext tx, String connectionId, String stream) {
    return tx.select(STREAM_CURSOR.CURSOR_VALUE)
        .from(STREAM_CURSOR)
        .where(STREAM_CURSOR.CONNECTION_ID.eq(connectionId), STREAM_CURSOR.STREAM.eq(stream))
        .fetchOptional(STREAM_CURSOR.CURSOR_VALUE)
        .map(Cursor::of);
  }

  @Override
  public boolean compareAndSet(String connectionId, String stream, Optional<Cursor> expected, Cursor next) {
    return compareAndSet(db.dsl(), connectionId, stream, expected, next);
  }

  /** {@link #compareAndSet(String, String, Optional, Cursor)} in the transaction of {@code tx}. */
  public boolean compareAndSet(DSLContext tx, String connectionId, String stream, Optional<Cursor> expected, Cursor next) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    if (expected.isEmpty()) {
      // ON CONFLICT DO NOTHING rather than catching a duplicate key: on PostgreSQL a failed
      // statement would abort the caller's whole transaction.
      return tx.insertInto(STREAM_CURSOR)
          .set(STREAM_CURSOR.CONNECTION_ID, connectionId)
          .set(STREAM_CURSOR.STREAM, stream)
          .set(STREAM_CURSOR.CURSOR_VALUE, next.value())
          .set(STREAM_CURSOR.UPDATED_AT, now)
          .onConflictDoNothing()
          .execute() == 1;
    }
    return tx.update(STREAM_CURSOR)
        .set(STREAM_CURSOR.CURSOR_VALUE, next.value())
        .set(STREAM_CURSOR.UPDATED_AT, now)
        .where(STREAM_CURSOR.CONNECTION_ID.eq(connectionId),
            STREAM_CURSOR.STREAM.eq(stream),
            STREAM_CURSOR.CURSOR_VALUE.eq(expected.get().value()))
        .execute() == 1;
  }

  /**
   * {@link #compareAndSet(String, String, Optional, Cursor)} on the JDBC connection of a
   * transaction: the sync engine's per-page path, with SQL rendered once by jOOQ and bound by JDBC.
   */
  public boolean compareAndSet(Connection c, String connectionId, String stream, Optional<Cursor> expected, Cursor next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    try (PreparedStatement ps = c.prepareStatement(expected.isEmpty() ? sql.insert : sql.update)) {
      if (expected.isEmpty()) {
        ps.setString(1, connectionId);
        ps.setString(2, stream);
        ps.setString(3, next.value());
        ps.setObject(4, now);
      } else {
        ps.setString(1, next.value());
        ps.setObject(2, now);
        ps.setString(3, connectionId);
        ps.setString(4, stream);
        ps.setString(5, expected.get().value());
      }
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new DataAccessException("moving the cursor of stream '" + stream + "' (connection '" + connectionId
          + "') failed, SQLState " + e.getSQLState(), e);
    }
  }

  private record Statements(String insert, String update) {
    static Statements render(Database db) {
      DSLContext dsl = db.dsl();
      String insert = dsl.render(dsl.insertInto(STREAM_CURSOR,
              STREAM_CURSOR.CONNECTION_ID, STREAM_CURSOR.STREAM, STREAM_CURSOR.CURSOR_VALUE, STREAM_CURSOR.UPDATED_AT)
          .values(DSL.param(String.class), DSL.param(String.class), DSL.param(String.class), DSL.param(OffsetDateTime.class))
          .onConflictDoNothing());
      String update = dsl.render(dsl.update(STREAM_CURSOR)
          .set(STREAM_CURSOR.CURSOR_VALUE, DSL.param(String.class))
          .set(STREAM_CURSOR.UPDATED_AT, DSL.param(OffsetDateTime.class))
          .where(STREAM_CURSOR.CONNECTION_ID.eq(DSL.param(String.class)),
              STREAM_CURSOR.STREAM.eq(DSL.param(String.class)),
              STREAM_CURSOR.CURSOR_VALUE.eq(DSL.param(String.class))));
      return new Statements(insert, update);
    }
  }

  @Override
  public void reset(String connectionId, String stream) {
    db.dsl().deleteFrom(STREAM_CURSOR)
        .where(STREAM_CURSOR.CONNECTION_ID.eq(connectionId), STREAM_CURSOR.STREAM.eq(stream))
        .execute();
  }
}
