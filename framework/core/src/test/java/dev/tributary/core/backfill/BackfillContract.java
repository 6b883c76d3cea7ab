package dev.tributary.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.db.Database;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.QueuedJob;
import dev.tributary.core.queue.WorkerPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Backfills over the queue, run once per database by a subclass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackfillContract {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  TestDatabases.Target target;
  Database db;
  MutableClock clock;
  JobQueue queue;
  Backfills backfills;
  WorkerPool pool;
  final Map<String, Integer> runs = new ConcurrentHashMap<>();

  abstract TestDatabases.Target target();

  /** Squares of [from, to) in chunks, written to bf_result in the chunk's transaction; one second per chunk. */
  final class Squares implements BackfillTask {
    public String name() {
      return "squares";
    }

    public int chunks(JsonNode p) {
      int size = p.path("chunkSize").asInt(0);
      if (size < 1) {
        throw new IllegalArgumentException("squares needs chunkSize >= 1, was " + p.path("chunkSize"));
      }
      return (p.get("to").asInt() - p.get("from").asInt() + size - 1) / size;
    }

    public void run(Chunk c) {
      runs.merge(c.backfillId() + ":" + c.index(), 1, Integer::sum);
      int size = c.params().get("chunkSize").asInt();
      int start = c.params().get("from").asInt() + c.index() * size;
      int end = Math.min(c.params().get("to").asInt(), start + size);
      for (int n = start; n < end; n++) {
        c.tx().execute("INSERT INTO bf_result (backfill_id, n, sq) VALUES (?, ?, ?)", c.backfillId(), n, (long) n * n);
      }
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @BeforeAll
  void open() {
    target = target();
    db = target.open();
    db.dsl().execute("CREATE TABLE bf_result (backfill_id BIGINT NOT NULL, n INT NOT NULL, sq BIGINT NOT NULL,"
        + " PRIMARY KEY (backfill_id, n))");
  }

  @AfterAll
  void close() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @BeforeEach
  void clean() {
    TestDatabases.clean(db);
    db.dsl().execute("DELETE FROM bf_result");
    runs.clear();
    clock = new MutableClock(T0);
    queue = JobQueue.builder(db).clock(clock).leaseDuration(Duration.ofSeconds(10)).build();
    backfills = Backfills.builder(queue).task(new Squares()).build();
    pool = WorkerPool.builder(queue).handler(backfills.chunkHandler()).batchSize(1).build();
  }

  List<String> result(long backfillId) {
    return db.dsl().fetch("SELECT n, sq FROM bf_result WHERE backfill_id = ? ORDER BY n", backfillId)
        .map(r -> r.get(0) + "=" + r.get(1));
  }

  @Test
  void aBackfillKilledMidChunkResumesThereAndEndsLikeAnUninterruptedOne() {
    Map<String, Integer> params = Map.of("from", 0, "to", 95, "chunkSize", 10);
    long clean = backfills.start("squares", params, Optional.empty(), Optional.empty());
    assertThat(pool.drain()).isEqualTo(10);
    assertThat(backfills.progress(clean)).extracting(BackfillProgress::state, BackfillProgress::done,
        BackfillProgress::total).containsExactly(BackfillProgress.State.DONE, 10, 10);

    long crashed = backfills.start("squares", params, Optional.empty(), Optional.of("req-7"));
    for (int i = 0; i < 4; i++) {
      assertThat(pool.runOnce()).isEqualTo(1);
    }
    BackfillProgress half = backfills.progress(crashed);
    assertThat(half.done()).isEqualTo(4);
    assertThat(half.eta()).contains(Duration.ofSeconds(6)); // 4 chunks in 4 s, 6 to go
    // A worker claims chunk 4, writes half of it and dies: its transaction never commits.
    QueuedJob doomed = queue.claim("doomed-worker", 1, Set.of(Backfills.CHUNK_KIND)).get(0);
    assertThat(doomed.payload()).contains("\"chunk\":4");
    assertThatThrownBy(() -> db.inTransaction((c, tx) -> {
      tx.execute("INSERT INTO bf_result (backfill_id, n, sq) VALUES (?, 40, 1600)", crashed);
      throw new IllegalStateException("SIGKILL");
    })).hasMessage("SIGKILL");

    assertThat(pool.runOnce()).as("the chunk is leased by the dead worker").isZero();
    assertThat(backfills.progress(crashed).done()).isEqualTo(4);
    clock.advance(Duration.ofSeconds(11));
    assertThat(pool.drain()).isEqualTo(6);

    assertThat(backfills.progress(crashed)).extracting(BackfillProgress::state, BackfillProgress::done,
        BackfillProgress::eta).containsExactly(BackfillProgress.State.DONE, 10, Optional.empty());
    assertThat(result(crashed)).hasSize(95).isEqualTo(result(clean));
    for (int i = 0; i < 10; i++) {
      assertThat(runs.get(crashed + ":" + i)).as("chunk %d ran once", i).isEqualTo(1);
    }
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));
  }

  @Test
  void aChunkRunAgainAfterItCommittedDoesNothing() {
    long id = backfills.start("squares", Map.of("from", 0, "to", 20, "chunkSize", 10), Optional.empty(), Optional.empty());
    // The worker commits chunk 0 but dies before marking the job complete.
    QueuedJob first = queue.claim("w1", 1, Set.of(Backfills.CHUNK_KIND)).get(0);
    WorkerPool other = WorkerPool.builder(queue).handler(backfills.chunkHandler()).batchSize(1).build();
    clock.advance(Duration.ofSeconds(11));
    assertThat(other.runOnce()).isEqualTo(1); // takes over chunk 0 (attempt 2) and commits it
    assertThat(queue.complete(first)).isFalse();
    assertThat(other.drain()).isEqualTo(1);
    assertThat(result(id)).hasSize(20);
    assertThat(runs).containsEntry(id + ":0", 1).containsEntry(id + ":1", 1);
  }

  @Test
  void aFailingChunkShowsItsErrorInTheProgressAndACancelledBackfillStops() {
    assertThatThrownBy(() -> backfills.start("squares", Map.of("from", 0, "to", 5), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("squares needs chunkSize >= 1, was ");
    assertThatThrownBy(() -> backfills.start("cubes", Map.of(), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no backfill task 'cubes'; registered: [squares]");

    long id = backfills.start("squares", Map.of("from", 0, "to", 30, "chunkSize", 10), Optional.empty(), Optional.empty());
    db.dsl().execute("INSERT INTO bf_result (backfill_id, n, sq) VALUES (?, 12, 0)", id); // chunk 1 will collide
    pool.runOnce();
    pool.runOnce();
    BackfillProgress p = backfills.progress(id);
    assertThat(p.done()).isEqualTo(1);
    assertThat(p.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("chunk 1: "));
    assertThat(backfills.cancel(id)).isTrue();
    clock.advance(Duration.ofHours(1));
    pool.drain();
    assertThat(backfills.progress(id).state()).isEqualTo(BackfillProgress.State.CANCELLED);
    assertThat(result(id)).hasSize(11);
  }
}
