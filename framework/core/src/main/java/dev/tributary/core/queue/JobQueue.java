package dev.tributary.core.queue;

import static dev.tributary.core.db.generated.Tables.CONNECTION_STATUS;
import static dev.tributary.core.db.generated.Tables.DEAD_LETTER;
import static dev.tributary.core.db.generated.Tables.JOB;

import dev.tributary.core.db.Database;
import dev.tributary.core.db.generated.tables.records.DeadLetterRecord;
import dev.tributary.core.db.generated.tables.records.JobRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job queue on the framework database (Drupal's Queue API): enqueue with an optional
 * dedupe key, claim under a lease, complete, fail with backoff, dead letters and replay.
 *
 * <p><b>Claims.</b> {@link #claim} picks the oldest available jobs with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and leases them in the same transaction, on PostgreSQL
 * and on H2 2.x alike, so any number of workers in any number of processes share one queue
 * without handing a job to two of them at once. A lease lasts {@link Builder#leaseDuration} and is
 * extended by {@link #heartbeat}; a lease that ran out (its holder died) makes the job claimable
 * again, with the next attempt. Jobs of a connection whose {@code connection_status} is not OK are
 * not claimed and use no attempts until it is OK again.
 *
 * <p><b>Delivery.</b> At-least-once: a worker that dies after the job's effect but before
 * {@link #complete} leaves a job that runs again. Handlers make their effect idempotent.
 *
 * <p><b>Failures.</b> {@link #fail} puts the job back after {@link Backoff#delayAfter} or, after
 * its last attempt, moves it to the dead letters with the error's message (run through the
 * redactor, cut to 2,000 characters; never a stack trace). {@link #replay} re-enqueues one.
 *
 * <p>Thread-safe.
 */
public final class JobQueue {

  private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

  static final String READY = "READY";
  static final String RUNNING = "RUNNING";
  static final int MAX_ERROR = 2000;
  private static final int INSERT_BATCH = 500;

  private final Database db;
  private final Clock clock;
  private final RandomGenerator random;
  private final Backoff backoff;
  private final Duration leaseDuration;
  private final int defaultMaxAttempts;
  private final Function<String, String> redactor;

  private JobQueue(Builder b) {
    this.db = b.db;
    this.clock = b.clock;
    this.random = b.random;
    this.backoff = b.backoff;
    this.leaseDuration = b.leaseDuration;
    this.defaultMaxAttempts = b.maxAttempts;
    this.redactor = b.redactor;
  }

  /** Starts configuring a queue over {@code db}. */
  public static Builder builder(Database db) {
    return new Builder(db);
  }

  /** The result of an enqueue: the job's id, and whether it is new or the live job with the same dedupe key. */
  public record Enqueued(long jobId, boolean created) {}

  /** Counts of live jobs and dead letters. */
  public record Stats(long ready, long running, long deadLetters) {}

  public Database database() {
    return db;
  }

  public Clock clock() {
    return clock;
  }

  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** Enqueues a job in its own transaction. */
  public Enqueued enqueue(JobRequest request) {
    return enqueue(db.dsl(), request);
  }

  /**
   * Enqueues a job with {@code tx}, e.g. inside the caller's transaction so that the job exists
   * exactly when the caller's own writes commit. With a dedupe key, a live job with the same key
   * is returned instead ({@code created=false}). On PostgreSQL a concurrent enqueue of the same key
   * waits for the other transaction and then returns its job.
   */
  public Enqueued enqueue(DSLContext tx, JobRequest request) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(request, "request");
    if (request.dedupeKey().isPresent()) {
      Optional<Long> existing = liveJobWithKey(tx, request.dedupeKey().get());
      if (existing.isPresent()) {
        return new Enqueued(existing.get(), false);
      }
    }
    JobRecord row = newRow(tx, request, now());
    var insert = tx.insertInto(JOB).set(row);
    try {
      JobRecord inserted;
      if (request.dedupeKey().isPresent() && db.dialect() == SQLDialect.POSTGRES) {
        // ON CONFLICT keeps a concurrent duplicate from aborting the caller's transaction.
        inserted = insert.onConflictDoNothing().returning(JOB.ID).fetchOne();
      } else {
        inserted = insert.returning(JOB.ID).fetchOne();
      }
      if (inserted != null) {
        return new Enqueued(inserted.getId(), true);
      }
    } catch (DataAccessException e) {
      if (e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION || request.dedupeKey().isEmpty()) {
        throw e;
      }
    }
    // Lost a race with another enqueue of the same key.
    return liveJobWithKey(tx, request.dedupeKey().get())
        .map(id -> new Enqueued(id, false))
        .orElseThrow(() -> new IllegalStateException("job with dedupe key '" + request.dedupeKey().get()
            + "' was enqueued concurrently and finished at once; enqueue again if it must run again"));
  }

  /** Enqueues many jobs without dedupe keys in one transaction, in batches; returns how many. */
  public int enqueueAll(Collection<JobRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    for (JobRequest r : requests) {
      if (r.dedupeKey().isPresent()) {
        throw new IllegalArgumentException("enqueueAll takes jobs without dedupe keys; enqueue job '"
            + r.dedupeKey().get() + "' with enqueue()");
      }
    }
    OffsetDateTime now = now();
    return db.inTransaction((c, tx) -> {
      List<JobRecord> batch = new ArrayList<>(INSERT_BATCH);
      int n = 0;
      for (JobRequest r : requests) {
        batch.add(newRow(tx, r, now));
        if (batch.size() == INSERT_BATCH) {
          n += insertBatch(tx, batch);
        }
      }
      return n + insertBatch(tx, batch);
    });
  }

  private static int insertBatch(DSLContext tx, List<JobRecord> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    // A JDBC batch: PostgreSQL's driver rewrites it into multi-row INSERTs (reWriteBatchedInserts).
    var batchInsert = tx.batch(tx.insertInto(JOB, JOB.KIND, JOB.CONNECTION_ID, JOB.PAYLOAD, JOB.IDEMPOTENCY_KEY,
        JOB.CORRELATION_ID, JOB.STATUS, JOB.ATTEMPTS, JOB.MAX_ATTEMPTS, JOB.AVAILABLE_AT, JOB.CREATED_AT)
        .values((String) null, null, null, null, null, null, null, null, null, null));
    for (JobRecord r : batch) {
      batchInsert = batchInsert.bind(r.getKind(), r.getConnectionId(), r.getPayload(), r.getIdempotencyKey(),
          r.getCorrelationId(), r.getStatus(), r.getAttempts(), r.getMaxAttempts(), r.getAvailableAt(), r.getCreatedAt());
    }
    int n = batchInsert.execute().length;
    batch.clear();
    return n;
  }

  private JobRecord newRow(DSLContext tx, JobRequest r, OffsetDateTime now) {
    JobRecord row = tx.newRecord(JOB);
    row.setKind(r.kind());
    row.setConnectionId(r.connectionId().orElse(null));
    row.setPayload(r.payload());
    row.setDedupeKey(r.dedupeKey().orElse(null));
    row.setIdempotencyKey(r.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString()));
    row.setCorrelationId(r.correlationId().orElse(null));
    row.setStatus(READY);
    row.setAttempts(0);
    row.setMaxAttempts(r.maxAttempts().orElse(defaultMaxAttempts));
    row.setAvailableAt(now.plus(r.delay()));
    row.setCreatedAt(now);
    return row;
  }

  private static Optional<Long> liveJobWithKey(DSLContext tx, String key) {
    return tx.select(JOB.ID).from(JOB).where(JOB.DEDUPE_KEY.eq(key)).fetchOptional(JOB.ID);
  }

  /**
   * Claims up to {@code max} available jobs of the given kinds for {@code holder}, oldest first,
   * leasing each until now + the lease duration. A job whose previous holder's lease ran out on
   * its last attempt is dead-lettered here instead of being returned.
   *
   * @param kinds the kinds the caller can run; jobs of other kinds are left for other workers
   */
  public List<QueuedJob> claim(String holder, int max, Set<String> kinds) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(kinds, "kinds");
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    if (kinds.isEmpty()) {
      return List.of();
    }
    OffsetDateTime now = now();
    OffsetDateTime leaseUntil = now.plus(leaseDuration);
    List<JobRecord> rows = db.dialect() == SQLDialect.POSTGRES
        ? claimInOneStatement(holder, max, kinds, now, leaseUntil)
        : db.inTransaction((c, tx) -> {
            List<JobRecord> picked = tx.selectFrom(JOB)
                .where(claimable(JOB, kinds, now))
                .orderBy(JOB.AVAILABLE_AT, JOB.ID)
                .limit(max)
                .forUpdate()
                .skipLocked()
                .fetch();
            if (!picked.isEmpty()) {
              tx.update(JOB)
                  .set(JOB.STATUS, RUNNING)
                  .set(JOB.LEASE_HOLDER, holder)
                  .set(JOB.ATTEMPTS, JOB.ATTEMPTS.plus(1))
                  .set(JOB.AVAILABLE_AT, leaseUntil)
                  .where(JOB.ID.in(picked.stream().map(JobRecord::getId).toList()))
                  .execute();
              for (JobRecord r : picked) {
                r.setAttempts(r.getAttempts() + 1);
                r.setLeaseHolder(holder);
              }
            }
            return picked;
          });
    List<QueuedJob> out = new ArrayList<>(rows.size());
    for (JobRecord r : rows) {
      if (r.getAttempts() > r.getMaxAttempts()) {
        // Its previous holder took the last attempt and vanished without a word.
        String error = "the worker running attempt " + r.getMaxAttempts() + " stopped renewing its lease (it crashed"
            + " or hung); no attempts left. Last error before: " + Optional.ofNullable(r.getLastError()).orElse("none");
        QueuedJob lost = toJob(r, r.getAttempts(), holder, leaseUntil);
        db.inTransaction((c, tx) -> {
          JobRecord row = tx.selectFrom(JOB).where(claimOf(lost)).forUpdate().fetchOne();
          if (row != null) {
            row.setAttempts(r.getMaxAttempts());
            moveToDeadLetters(tx, row, error, now);
            log.warn("job {} ({}) dead-lettered: {}", r.getId(), r.getKind(), error);
          }
          return null;
        });
        continue;
      }
      out.add(toJob(r, r.getAttempts(), holder, leaseUntil));
    }
    out.sort(java.util.Comparator.comparing(QueuedJob::id));
    return out;
  }

  /**
   * PostgreSQL: pick and lease in one round trip. The inner SELECT locks with SKIP LOCKED, so
   * concurrent claimers pass over each other's rows instead of waiting for them.
   */
  private List<JobRecord> claimInOneStatement(String holder, int max, Set<String> kinds, OffsetDateTime now,
      OffsetDateTime leaseUntil) {
    var picked = JOB.as("picked");
    return db.dsl().update(JOB)
        .set(JOB.STATUS, RUNNING)
        .set(JOB.LEASE_HOLDER, holder)
        .set(JOB.ATTEMPTS, JOB.ATTEMPTS.plus(1))
        .set(JOB.AVAILABLE_AT, leaseUntil)
        .where(JOB.ID.in(DSL.select(picked.ID).from(picked)
            .where(claimable(picked, kinds, now))
            .orderBy(picked.AVAILABLE_AT, picked.ID)
            .limit(max)
            .forUpdate()
            .skipLocked()))
        .returning()
        .fetch();
  }

  private static Condition claimable(dev.tributary.core.db.generated.tables.Job j, Set<String> kinds,
      OffsetDateTime now) {
    Condition held = j.CONNECTION_ID.in(DSL.select(CONNECTION_STATUS.CONNECTION_ID).from(CONNECTION_STATUS)
        .where(CONNECTION_STATUS.STATUS.ne("OK")));
    return j.AVAILABLE_AT.le(now)
        .and(kinds.size() == 1 ? j.KIND.eq(kinds.iterator().next()) : j.KIND.in(kinds))
        .and(j.CONNECTION_ID.isNull().or(DSL.not(held)));
  }

  private static QueuedJob toJob(JobRecord r, int attempt, String holder, OffsetDateTime leaseUntil) {
    return new QueuedJob(r.getId(), r.getKind(), Optional.ofNullable(r.getConnectionId()), r.getPayload(),
        Optional.ofNullable(r.getDedupeKey()), r.getIdempotencyKey(), Optional.ofNullable(r.getCorrelationId()),
        attempt, r.getMaxAttempts(), holder, leaseUntil.toInstant(), Optional.ofNullable(r.getLastError()),
        r.getCreatedAt().toInstant());
  }

  /** Extends the leases of {@code jobIds} held by {@code holder}; returns how many were still held. */
  public int heartbeat(String holder, Collection<Long> jobIds) {
    Objects.requireNonNull(holder, "holder");
    if (jobIds.isEmpty()) {
      return 0;
    }
    return db.dsl().update(JOB)
        .set(JOB.AVAILABLE_AT, now().plus(leaseDuration))
        .where(JOB.ID.in(jobIds))
        .and(JOB.LEASE_HOLDER.eq(holder))
        .and(JOB.STATUS.eq(RUNNING))
        .execute();
  }

  /**
   * Marks a claimed job done (deletes it). Returns false when the claim was no longer this
   * worker's (its lease ran out and another worker took the job): the job will run again.
   */
  public boolean complete(QueuedJob job) {
    int n = db.dsl().deleteFrom(JOB).where(claimOf(job)).execute();
    if (n == 0) {
      log.warn("job {} ({}) finished after its lease was lost; another worker runs it again", job.id(), job.kind());
    }
    return n == 1;
  }

  /**
   * Marks many claimed jobs of one holder done in one statement; returns how many were still
   * this holder's (the others were taken over after their leases ran out and will run again).
   */
  public int completeAll(String holder, Collection<QueuedJob> jobs) {
    Objects.requireNonNull(holder, "holder");
    if (jobs.isEmpty()) {
      return 0;
    }
    List<org.jooq.Row2<Long, Integer>> claims = new ArrayList<>(jobs.size());
    for (QueuedJob j : jobs) {
      if (!j.leaseHolder().equals(holder)) {
        throw new IllegalArgumentException("job " + j.id() + " is held by '" + j.leaseHolder() + "', not '" + holder + "'");
      }
      claims.add(DSL.row(j.id(), j.attempt()));
    }
    int n = db.dsl().deleteFrom(JOB)
        .where(JOB.LEASE_HOLDER.eq(holder))
        .and(DSL.row(JOB.ID, JOB.ATTEMPTS).in(claims))
        .execute();
    if (n < jobs.size()) {
      log.warn("{} of {} jobs finished after their leases were lost; other workers run them again", jobs.size() - n,
          jobs.size());
    }
    return n;
  }

  /** What {@link #fail} did with the job. */
  public enum Outcome {
    /** Put back for another attempt after a backoff. */
    RETRY,
    /** Moved to the dead letters. */
    DEAD,
    /** Put back without using an attempt. */
    POSTPONED,
    /** Nothing: this worker's claim had been taken over. */
    LEASE_LOST
  }

  /**
   * Records a failed attempt: back to READY after the backoff, or to the dead letters when it was
   * the last attempt or {@code error} is a {@link PermanentJobException}. A
   * {@link RetryLaterException} puts the job back after its delay without using the attempt.
   */
  public Outcome fail(QueuedJob job, Throwable error) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(error, "error");
    OffsetDateTime now = now();
    if (error instanceof RetryLaterException later) {
      int n = db.dsl().update(JOB)
          .set(JOB.STATUS, READY)
          .setNull(JOB.LEASE_HOLDER)
          .set(JOB.ATTEMPTS, JOB.ATTEMPTS.minus(1))
          .set(JOB.AVAILABLE_AT, now.plus(later.delay()))
          .where(claimOf(job))
          .execute();
      return n == 1 ? Outcome.POSTPONED : Outcome.LEASE_LOST;
    }
    String message = errorText(error);
    if (job.attempt() >= job.maxAttempts() || error instanceof PermanentJobException) {
      boolean moved = db.inTransaction((c, tx) -> {
        JobRecord row = tx.selectFrom(JOB).where(claimOf(job)).forUpdate().fetchOne();
        if (row == null) {
          return false;
        }
        moveToDeadLetters(tx, row, message, now);
        return true;
      });
      if (moved) {
        log.warn("job {} ({}) dead-lettered after attempt {} of {}: {}", job.id(), job.kind(), job.attempt(),
            job.maxAttempts(), message);
      }
      return moved ? Outcome.DEAD : Outcome.LEASE_LOST;
    }
    Duration delay = backoff.delayAfter(job.attempt(), random);
    int n = db.dsl().update(JOB)
        .set(JOB.STATUS, READY)
        .setNull(JOB.LEASE_HOLDER)
        .set(JOB.AVAILABLE_AT, now.plus(delay))
        .set(JOB.LAST_ERROR, message)
        .where(claimOf(job))
        .execute();
    if (n == 1) {
      log.info("job {} ({}) attempt {} of {} failed, retry in {} ms: {}", job.id(), job.kind(), job.attempt(),
          job.maxAttempts(), delay.toMillis(), message);
    }
    return n == 1 ? Outcome.RETRY : Outcome.LEASE_LOST;
  }

  private static Condition claimOf(QueuedJob job) {
    return JOB.ID.eq(job.id()).and(JOB.LEASE_HOLDER.eq(job.leaseHolder())).and(JOB.ATTEMPTS.eq(job.attempt()));
  }

  private static void moveToDeadLetters(DSLContext tx, JobRecord row, String error, OffsetDateTime now) {
    tx.insertInto(DEAD_LETTER)
        .set(DEAD_LETTER.JOB_ID, row.getId())
        .set(DEAD_LETTER.KIND, row.getKind())
        .set(DEAD_LETTER.CONNECTION_ID, row.getConnectionId())
        .set(DEAD_LETTER.PAYLOAD, row.getPayload())
        .set(DEAD_LETTER.DEDUPE_KEY, row.getDedupeKey())
        .set(DEAD_LETTER.IDEMPOTENCY_KEY, row.getIdempotencyKey())
        .set(DEAD_LETTER.CORRELATION_ID, row.getCorrelationId())
        .set(DEAD_LETTER.ATTEMPTS, row.getAttempts())
        .set(DEAD_LETTER.MAX_ATTEMPTS, row.getMaxAttempts())
        .set(DEAD_LETTER.LAST_ERROR, error)
        .set(DEAD_LETTER.ENQUEUED_AT, row.getCreatedAt())
        .set(DEAD_LETTER.FAILED_AT, now)
        .execute();
    tx.deleteFrom(JOB).where(JOB.ID.eq(row.getId())).execute();
  }

  /** The error as stored and logged: class and message, redacted, at most 2,000 characters. */
  String errorText(Throwable error) {
    String m = error.getMessage();
    String text = error.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    String redacted = Objects.requireNonNullElse(redactor.apply(text), "");
    return redacted.length() <= MAX_ERROR ? redacted : redacted.substring(0, MAX_ERROR - 3) + "...";
  }

  /** A live job by id (READY or RUNNING), for operators and tests. */
  public Optional<JobView> find(long jobId) {
    return db.dsl().selectFrom(JOB).where(JOB.ID.eq(jobId)).fetchOptional(JobQueue::view);
  }

  /** Live jobs of {@code kind}, oldest first, at most {@code limit}. */
  public List<JobView> jobs(String kind, int limit) {
    return db.dsl().selectFrom(JOB).where(JOB.KIND.eq(kind)).orderBy(JOB.ID).limit(limit).fetch(JobQueue::view);
  }

  /** A live job as stored. */
  public record JobView(long id, String kind, Optional<String> connectionId, String payload, Optional<String> dedupeKey,
      String idempotencyKey, Optional<String> correlationId, String status, int attempts, int maxAttempts,
      Instant availableAt, Optional<String> leaseHolder, Optional<String> lastError) {}

  private static JobView view(JobRecord r) {
    return new JobView(r.getId(), r.getKind(), Optional.ofNullable(r.getConnectionId()), r.getPayload(),
        Optional.ofNullable(r.getDedupeKey()), r.getIdempotencyKey(), Optional.ofNullable(r.getCorrelationId()),
        r.getStatus(), r.getAttempts(), r.getMaxAttempts(), r.getAvailableAt().toInstant(),
        Optional.ofNullable(r.getLeaseHolder()), Optional.ofNullable(r.getLastError()));
  }

  public Stats stats() {
    var counts = db.dsl().select(JOB.STATUS, DSL.count()).from(JOB).groupBy(JOB.STATUS).fetchMap(JOB.STATUS, DSL.count());
    long dead = db.dsl().fetchCount(DEAD_LETTER);
    return new Stats(counts.getOrDefault(READY, 0), counts.getOrDefault(RUNNING, 0), dead);
  }

  /** Dead letters, oldest first, at most {@code limit}. */
  public List<DeadLetter> deadLetters(int limit) {
    return db.dsl().selectFrom(DEAD_LETTER).orderBy(DEAD_LETTER.ID).limit(limit).fetch(JobQueue::deadLetter);
  }

  public Optional<DeadLetter> deadLetter(long id) {
    return db.dsl().selectFrom(DEAD_LETTER).where(DEAD_LETTER.ID.eq(id)).fetchOptional(JobQueue::deadLetter);
  }

  private static DeadLetter deadLetter(DeadLetterRecord r) {
    return new DeadLetter(r.getId(), r.getJobId(), r.getKind(), Optional.ofNullable(r.getConnectionId()), r.getPayload(),
        Optional.ofNullable(r.getDedupeKey()), r.getIdempotencyKey(), Optional.ofNullable(r.getCorrelationId()),
        r.getAttempts(), r.getLastError(), r.getEnqueuedAt().toInstant(), r.getFailedAt().toInstant());
  }

  /**
   * Re-enqueues dead letter {@code id} as a fresh job (all attempts again, available now) with the
   * same kind, payload, idempotency key and correlation id, and removes the dead letter. If a live
   * job already holds its dedupe key, that job stands for it.
   *
   * @throws IllegalArgumentException naming the id when there is no such dead letter
   */
  public Enqueued replay(long id) {
    return db.inTransaction((c, tx) -> {
      DeadLetterRecord d = tx.selectFrom(DEAD_LETTER).where(DEAD_LETTER.ID.eq(id)).forUpdate().fetchOne();
      if (d == null) {
        throw new IllegalArgumentException("no dead letter with id " + id + " (already replayed or never existed)");
      }
      return replay(tx, d);
    });
  }

  /** Replays every dead letter of {@code kind} (all kinds if empty), one transaction each; returns how many. */
  public int replayAll(Optional<String> kind) {
    Objects.requireNonNull(kind, "kind");
    List<Long> ids = db.dsl().select(DEAD_LETTER.ID).from(DEAD_LETTER)
        .where(kind.map(DEAD_LETTER.KIND::eq).orElse(DSL.trueCondition()))
        .orderBy(DEAD_LETTER.ID)
        .fetch(DEAD_LETTER.ID);
    int n = 0;
    for (long id : ids) {
      try {
        replay(id);
        n++;
      } catch (IllegalArgumentException alreadyGone) {
        // replayed concurrently by another operator
      }
    }
    return n;
  }

  private Enqueued replay(DSLContext tx, DeadLetterRecord d) {
    OffsetDateTime now = now();
    Enqueued result = null;
    if (d.getDedupeKey() != null) {
      result = liveJobWithKey(tx, d.getDedupeKey()).map(jobId -> new Enqueued(jobId, false)).orElse(null);
    }
    if (result == null) {
      long jobId = tx.insertInto(JOB)
          .set(JOB.KIND, d.getKind())
          .set(JOB.CONNECTION_ID, d.getConnectionId())
          .set(JOB.PAYLOAD, d.getPayload())
          .set(JOB.DEDUPE_KEY, d.getDedupeKey())
          .set(JOB.IDEMPOTENCY_KEY, d.getIdempotencyKey())
          .set(JOB.CORRELATION_ID, d.getCorrelationId())
          .set(JOB.STATUS, READY)
          .set(JOB.ATTEMPTS, 0)
          .set(JOB.MAX_ATTEMPTS, d.getMaxAttempts())
          .set(JOB.AVAILABLE_AT, now)
          .set(JOB.LAST_ERROR, d.getLastError())
          .set(JOB.CREATED_AT, now)
          .returning(JOB.ID)
          .fetchOne()
          .getId();
      result = new Enqueued(jobId, true);
    }
    tx.deleteFrom(DEAD_LETTER).where(DEAD_LETTER.ID.eq(d.getId())).execute();
    log.info("dead letter {} (job {}, {}) replayed as job {}", d.getId(), d.getJobId(), d.getKind(), result.jobId());
    return result;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Configures a {@link JobQueue}. Not thread-safe; each {@link #build()} is independent. */
  public static final class Builder {
    private final Database db;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();
    private Backoff backoff = Backoff.DEFAULT;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private Function<String, String> redactor = Function.identity();

    private Builder(Database db) {
      this.db = Objects.requireNonNull(db, "db");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of backoff jitter; tests pass a seeded or fixed one. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * How long a claim lasts without a heartbeat, so how long a crashed worker's jobs wait before
     * another worker takes them. Default 30 s. @throws IllegalArgumentException unless 100 ms or more
     */
    public Builder leaseDuration(Duration d) {
      Objects.requireNonNull(d, "leaseDuration");
      if (d.toMillis() < 100) {
        throw new IllegalArgumentException("leaseDuration must be >= 100ms, was " + d);
      }
      this.leaseDuration = d;
      return this;
    }

    /** Attempts of jobs whose request names none. Default 5. @throws IllegalArgumentException unless 1..1000 */
    public Builder maxAttempts(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("maxAttempts must be 1..1000, was " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** Scrubs secrets from error messages before they are stored or logged. Default: unchanged. */
    public Builder redactor(Function<String, String> redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    public JobQueue build() {
      return new JobQueue(this);
    }
  }
}
