package dev.tributary.core.backfill;

import static dev.tributary.core.db.generated.Tables.BACKFILL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.db.Database;
import dev.tributary.core.db.generated.tables.records.BackfillRecord;
import dev.tributary.core.queue.JobContext;
import dev.tributary.core.queue.JobHandler;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.JobRequest;
import dev.tributary.core.queue.PermanentJobException;
import dev.tributary.core.json.Json;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunked, resumable backfills on the {@link JobQueue} (Drupal's Batch API).
 *
 * <p>{@link #start} records a backfill row (task, parameters, total chunks, next chunk 0) and
 * enqueues chunk 0 as a {@code backfill-chunk} job in the same transaction. The chunk job runs
 * the task's chunk, moves {@code next_chunk} on by compare-and-set and enqueues the next chunk, all
 * in one transaction. A worker killed mid-chunk therefore leaves the backfill exactly at that
 * chunk: its lease runs out, another worker claims the job and the backfill resumes there. A
 * chunk job that finds its chunk already done (it ran again after a crash between commit and
 * completion) does nothing. Progress, with an ETA, is read with {@link #progress}.
 *
 * <p>Register {@link #chunkHandler()} with the worker pools. A chunk that keeps failing ends in
 * the dead letters and the backfill waits there, with the error in its progress, until the dead
 * letter is replayed. Thread-safe.
 */
public final class Backfills {

  private static final Logger log = LoggerFactory.getLogger(Backfills.class);

  /** The job kind of chunks. */
  public static final String CHUNK_KIND = "backfill-chunk";

  private final JobQueue queue;
  private final Database db;
  private final Clock clock;
  private final Map<String, BackfillTask> tasks;

  private Backfills(Builder b) {
    this.queue = b.queue;
    this.db = b.queue.database();
    this.clock = b.queue.clock();
    this.tasks = Map.copyOf(b.tasks);
  }

  public static Builder builder(JobQueue queue) {
    return new Builder(queue);
  }

  /**
   * Starts a backfill of {@code task} with {@code params} (serialised as JSON) and returns its id.
   *
   * @param connectionId the connection it works for, if any: its chunks are held while the
   *     connection is not OK
   * @throws IllegalArgumentException for an unknown task or parameters the task refuses
   */
  public long start(String task, Object params, Optional<String> connectionId, Optional<String> correlationId) {
    BackfillTask t = task(task);
    JsonNode tree = Json.canonical().valueToTree(Objects.requireNonNull(params, "params"));
    int total = t.chunks(tree);
    if (total < 0) {
      throw new IllegalStateException("backfill task '" + task + "' returned " + total + " chunks");
    }
    OffsetDateTime now = now();
    String json;
    try {
      json = Json.canonical().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("backfill parameters cannot be written as JSON: " + e.getOriginalMessage());
    }
    long id = db.inTransaction((c, tx) -> {
      long newId = tx.insertInto(BACKFILL)
          .set(BACKFILL.TASK, task)
          .set(BACKFILL.CONNECTION_ID, connectionId.orElse(null))
          .set(BACKFILL.PARAMS, json)
          .set(BACKFILL.STATE, total == 0 ? BackfillProgress.State.DONE.name() : BackfillProgress.State.RUNNING.name())
          .set(BACKFILL.TOTAL_CHUNKS, total)
          .set(BACKFILL.NEXT_CHUNK, 0)
          .set(BACKFILL.CORRELATION_ID, correlationId.orElse(null))
          .set(BACKFILL.STARTED_AT, now)
          .set(BACKFILL.UPDATED_AT, now)
          .set(BACKFILL.FINISHED_AT, total == 0 ? now : null)
          .returning(BACKFILL.ID)
          .fetchOne()
          .getId();
      if (total > 0) {
        queue.enqueue(tx, chunkJob(newId, 0, connectionId, correlationId));
      }
      return newId;
    });
    log.info("backfill {} of task '{}' started: {} chunks", id, task, total);
    return id;
  }

  /** A backfill's progress. @throws IllegalArgumentException when there is no such backfill */
  public BackfillProgress progress(long id) {
    BackfillRecord r = db.dsl().selectFrom(BACKFILL).where(BACKFILL.ID.eq(id)).fetchOne();
    if (r == null) {
      throw new IllegalArgumentException("no backfill with id " + id);
    }
    BackfillProgress.State state = BackfillProgress.State.valueOf(r.getState());
    int done = r.getNextChunk();
    int total = r.getTotalChunks();
    Optional<Duration> eta = Optional.empty();
    if (state == BackfillProgress.State.RUNNING && done > 0) {
      Duration spent = Duration.between(r.getStartedAt(), r.getUpdatedAt());
      eta = Optional.of(spent.multipliedBy(total - done).dividedBy(done));
    }
    return new BackfillProgress(id, r.getTask(), state, done, total, r.getStartedAt().toInstant(),
        r.getUpdatedAt().toInstant(), eta, Optional.ofNullable(r.getLastError()));
  }

  /** Stops a running backfill after its current chunk; returns false if it was not running. */
  public boolean cancel(long id) {
    return db.dsl().update(BACKFILL)
        .set(BACKFILL.STATE, BackfillProgress.State.CANCELLED.name())
        .set(BACKFILL.UPDATED_AT, now())
        .set(BACKFILL.FINISHED_AT, now())
        .where(BACKFILL.ID.eq(id)).and(BACKFILL.STATE.eq(BackfillProgress.State.RUNNING.name()))
        .execute() == 1;
  }

  /** The handler of {@code backfill-chunk} jobs, to register with every worker pool. */
  public JobHandler chunkHandler() {
    return new JobHandler() {
      @Override
      public String kind() {
        return CHUNK_KIND;
      }

      @Override
      public void handle(JobContext job) throws Exception {
        runChunk(job);
      }
    };
  }

  private void runChunk(JobContext job) throws Exception {
    long id = job.payload().path("backfillId").asLong(-1);
    int index = job.payload().path("chunk").asInt(-1);
    BackfillRecord b = db.dsl().selectFrom(BACKFILL).where(BACKFILL.ID.eq(id)).fetchOne();
    if (b == null || index < 0) {
      throw new PermanentJobException("backfill chunk job " + job.id() + " names no existing backfill (" + job.payload() + ")");
    }
    if (!BackfillProgress.State.RUNNING.name().equals(b.getState()) || b.getNextChunk() != index) {
      log.info("backfill {} chunk {} skipped: backfill is {} at chunk {}", id, index, b.getState(), b.getNextChunk());
      return;
    }
    BackfillTask task = tasks.get(b.getTask());
    if (task == null) {
      throw new IllegalStateException("backfill " + id + " needs task '" + b.getTask() + "', which this worker does not"
          + " have; installed: " + tasks.keySet());
    }
    JsonNode params = Json.canonical().readTree(b.getParams());
    int total = b.getTotalChunks();
    try {
      db.inTransaction((c, tx) -> {
        task.run(new ChunkImpl(id, index, total, params, tx, c));
        boolean last = index + 1 == total;
        OffsetDateTime now = now();
        int moved = tx.update(BACKFILL)
            .set(BACKFILL.NEXT_CHUNK, index + 1)
            .set(BACKFILL.UPDATED_AT, now)
            .set(BACKFILL.STATE, last ? BackfillProgress.State.DONE.name() : BackfillProgress.State.RUNNING.name())
            .set(BACKFILL.FINISHED_AT, last ? now : null)
            .setNull(BACKFILL.LAST_ERROR)
            .where(BACKFILL.ID.eq(id))
            .and(BACKFILL.NEXT_CHUNK.eq(index))
            .and(BACKFILL.STATE.eq(BackfillProgress.State.RUNNING.name()))
            .execute();
        if (moved != 1) {
          throw new ChunkAlreadyDone();
        }
        if (!last) {
          queue.enqueue(tx, chunkJob(id, index + 1, Optional.ofNullable(b.getConnectionId()),
              Optional.ofNullable(b.getCorrelationId())));
        }
        return null;
      });
    } catch (ChunkAlreadyDone e) {
      log.info("backfill {} chunk {} was finished or cancelled by another run; its work was rolled back", id, index);
    } catch (Exception e) {
      String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      db.dsl().update(BACKFILL)
          .set(BACKFILL.LAST_ERROR, "chunk " + index + ": " + (m.length() > 1900 ? m.substring(0, 1900) + "..." : m))
          .where(BACKFILL.ID.eq(id)).execute();
      throw e;
    }
  }

  private static JobRequest chunkJob(long id, int index, Optional<String> connectionId, Optional<String> correlationId) {
    JobRequest.Builder r = JobRequest.builder(CHUNK_KIND)
        .dedupeKey("backfill:" + id + ":" + index)
        .payload(Map.of("backfillId", id, "chunk", index));
    connectionId.ifPresent(r::connectionId);
    correlationId.ifPresent(r::correlationId);
    return r.build();
  }

  private BackfillTask task(String name) {
    BackfillTask t = tasks.get(Objects.requireNonNull(name, "task"));
    if (t == null) {
      throw new IllegalArgumentException("no backfill task '" + name + "'; registered: " + tasks.keySet());
    }
    return t;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static final class ChunkAlreadyDone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkAlreadyDone() {
      super(null, null, false, false);
    }
  }

  private record ChunkImpl(long backfillId, int index, int total, JsonNode params, DSLContext tx, Connection connection)
      implements BackfillTask.Chunk {}

  /** Configures {@link Backfills}. Not thread-safe. */
  public static final class Builder {
    private final JobQueue queue;
    private final Map<String, BackfillTask> tasks = new LinkedHashMap<>();

    private Builder(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** @throws IllegalArgumentException if a task of that name is registered */
    public Builder task(BackfillTask task) {
      Objects.requireNonNull(task, "task");
      if (tasks.putIfAbsent(task.name(), task) != null) {
        throw new IllegalArgumentException("backfill task '" + task.name() + "' is registered twice");
      }
      return this;
    }

    public Backfills build() {
      return new Backfills(this);
    }
  }
}
