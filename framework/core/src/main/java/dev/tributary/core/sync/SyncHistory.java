package dev.tributary.core.sync;

import static dev.tributary.core.db.generated.Tables.SYNC_RUN;

import dev.tributary.api.stream.Cursor;
import dev.tributary.core.db.Database;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/** The history of sync runs ({@code sync_run}): one row per run, with its counts and outcome. Thread-safe. */
public final class SyncHistory {

  /** {@link Run#outcome()} of a run still going (or whose process died). */
  public static final String RUNNING = "RUNNING";

  private final Database db;

  public SyncHistory(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * One run.
   *
   * @param outcome {@link #RUNNING} or a {@link SyncResult.StopReason} name
   */
  public record Run(long id, String connectionId, String stream, Instant startedAt, Optional<Instant> finishedAt,
      String outcome, int pages, long written, long unchanged, long stale, int driftWarnings,
      Optional<String> startCursor, Optional<String> endCursor, Optional<String> error) {}

  /** The stream's runs, newest first, at most {@code limit}. */
  public List<Run> recent(String connectionId, String stream, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    return db.dsl().selectFrom(SYNC_RUN)
        .where(SYNC_RUN.CONNECTION_ID.eq(connectionId), SYNC_RUN.STREAM.eq(stream))
        .orderBy(SYNC_RUN.ID.desc())
        .limit(limit)
        .fetch(r -> new Run(r.getId(), r.getConnectionId(), r.getStream(), r.getStartedAt().toInstant(),
            Optional.ofNullable(r.getFinishedAt()).map(t -> t.toInstant()), r.getOutcome(), r.getPages(),
            r.getWritten(), r.getUnchanged(), r.getStale(), r.getDriftWarnings(),
            Optional.ofNullable(r.getStartCursor()), Optional.ofNullable(r.getEndCursor()),
            Optional.ofNullable(r.getErrorMessage())));
  }

  static long start(DSLContext dsl, String connectionId, String stream, Instant at, Cursor from) {
    return dsl.insertInto(SYNC_RUN)
        .set(SYNC_RUN.CONNECTION_ID, connectionId)
        .set(SYNC_RUN.STREAM, stream)
        .set(SYNC_RUN.STARTED_AT, at.atOffset(ZoneOffset.UTC))
        .set(SYNC_RUN.OUTCOME, RUNNING)
        .set(SYNC_RUN.PAGES, 0)
        .set(SYNC_RUN.WRITTEN, 0L)
        .set(SYNC_RUN.UNCHANGED, 0L)
        .set(SYNC_RUN.STALE, 0L)
        .set(SYNC_RUN.DRIFT_WARNINGS, 0)
        .set(SYNC_RUN.START_CURSOR, from.value())
        .returningResult(SYNC_RUN.ID)
        .fetchOne()
        .value1();
  }

  static void finish(DSLContext dsl, SyncResult r, Instant at) {
    String error = r.error().map(Throwable::getMessage).orElse(null);
    if (error != null && error.length() > 2000) {
      error = error.substring(0, 2000);
    }
    dsl.update(SYNC_RUN)
        .set(SYNC_RUN.FINISHED_AT, at.atOffset(ZoneOffset.UTC))
        .set(SYNC_RUN.OUTCOME, r.stoppedBecause().name())
        .set(SYNC_RUN.PAGES, r.pages())
        .set(SYNC_RUN.WRITTEN, r.written())
        .set(SYNC_RUN.UNCHANGED, r.unchanged())
        .set(SYNC_RUN.STALE, r.stale())
        .set(SYNC_RUN.DRIFT_WARNINGS, r.driftWarnings())
        .set(SYNC_RUN.END_CURSOR, r.cursor().map(Cursor::value).orElse(null))
        .set(SYNC_RUN.ERROR_MESSAGE, error)
        .where(SYNC_RUN.ID.eq(r.runId()))
        .execute();
  }
}
