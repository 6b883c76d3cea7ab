package dev.tributary.core.metrics;

import static dev.tributary.core.db.generated.Tables.CONNECTION_STATUS;
import static dev.tributary.core.db.generated.Tables.DEAD_LETTER;
import static dev.tributary.core.db.generated.Tables.JOB;
import static dev.tributary.core.db.generated.Tables.SYNC_RUN;

import dev.tributary.core.db.Database;
import dev.tributary.core.sync.SyncResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.impl.DSL;

/**
 * What the framework database says about the queue and the syncs, read in two grouped queries.
 * The database, not this process, is the source: a host sees the syncs and jobs of every process
 * sharing it. Thread-safe.
 */
public final class DatabaseFacts {

  private final Database db;
  private final Clock clock;

  public DatabaseFacts(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The queue at one moment.
   *
   * @param oldestDueAge how long the oldest job that may run now has existed (empty: none waiting)
   */
  public record Queue(long ready, long running, long deadLetters, Optional<Duration> oldestDueAge) {}

  /** One stream's sync history, summed over every run. */
  public record StreamSyncs(String connectionId, String stream, Optional<Instant> lastSuccess,
      Map<String, Long> runsByOutcome, long written, long unchanged, long stale) {}

  /**
   * What was read together.
   *
   * @param connectionStatus {@code connection_status} rows by connection id (a connection never
   *     marked has none and is OK)
   */
  public record Facts(Instant readAt, Queue queue, Map<String, StreamSyncs> streams, Map<String, String> connectionStatus) {
    /** The stream's facts, keyed {@code connection/stream}. */
    public Optional<StreamSyncs> stream(String connectionId, String stream) {
      return Optional.ofNullable(streams.get(connectionId + "/" + stream));
    }
  }

  /** Reads the facts now. @throws org.jooq.exception.DataAccessException when the database is down */
  public Facts read() {
    Instant now = clock.instant();
    Map<String, String> status = db.dsl().select(CONNECTION_STATUS.CONNECTION_ID, CONNECTION_STATUS.STATUS)
        .from(CONNECTION_STATUS).fetchMap(CONNECTION_STATUS.CONNECTION_ID, CONNECTION_STATUS.STATUS);
    return new Facts(now, queue(now), streams(), Map.copyOf(status));
  }

  private Queue queue(Instant now) {
    var dsl = db.dsl();
    Map<String, Integer> counts = dsl.select(JOB.STATUS, DSL.count()).from(JOB).groupBy(JOB.STATUS)
        .fetchMap(JOB.STATUS, DSL.count());
    long dead = dsl.fetchCount(DEAD_LETTER);
    var oldest = dsl.select(DSL.min(JOB.CREATED_AT)).from(JOB)
        .where(JOB.STATUS.eq("READY"), JOB.AVAILABLE_AT.le(now.atOffset(ZoneOffset.UTC)))
        .fetchOne(0, java.time.OffsetDateTime.class);
    Optional<Duration> age = Optional.ofNullable(oldest).map(t -> {
      Duration d = Duration.between(t.toInstant(), now);
      return d.isNegative() ? Duration.ZERO : d;
    });
    return new Queue(counts.getOrDefault("READY", 0), counts.getOrDefault("RUNNING", 0), dead, age);
  }

  private Map<String, StreamSyncs> streams() {
    var rows = db.dsl().select(SYNC_RUN.CONNECTION_ID, SYNC_RUN.STREAM, SYNC_RUN.OUTCOME, DSL.count(),
            DSL.sum(SYNC_RUN.WRITTEN), DSL.sum(SYNC_RUN.UNCHANGED), DSL.sum(SYNC_RUN.STALE), DSL.max(SYNC_RUN.FINISHED_AT))
        .from(SYNC_RUN)
        .groupBy(SYNC_RUN.CONNECTION_ID, SYNC_RUN.STREAM, SYNC_RUN.OUTCOME)
        .orderBy(SYNC_RUN.CONNECTION_ID, SYNC_RUN.STREAM)
        .fetch();
    Map<String, StreamSyncs> out = new LinkedHashMap<>();
    for (var r : rows) {
      String key = r.value1() + "/" + r.value2();
      StreamSyncs prev = out.getOrDefault(key, new StreamSyncs(r.value1(), r.value2(), Optional.empty(), Map.of(), 0, 0, 0));
      Map<String, Long> runs = new LinkedHashMap<>(prev.runsByOutcome());
      runs.put(r.value3(), (long) r.value4());
      Optional<Instant> success = prev.lastSuccess();
      if (SyncResult.StopReason.DONE.name().equals(r.value3()) && r.value8() != null) {
        success = Optional.of(r.value8().toInstant());
      }
      out.put(key, new StreamSyncs(r.value1(), r.value2(), success, Map.copyOf(runs),
          prev.written() + num(r.value5()), prev.unchanged() + num(r.value6()), prev.stale() + num(r.value7())));
    }
    return out;
  }

  private static long num(java.math.BigDecimal v) {
    return v == null ? 0 : v.longValue();
  }
}
