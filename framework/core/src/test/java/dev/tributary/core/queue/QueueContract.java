package dev.tributary.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.DatabaseContract;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.store.ConnectionStatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The queue's behaviour, run once per database by a subclass. */
abstract class QueueContract extends DatabaseContract {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Set<String> KINDS = Set.of("work");

  MutableClock clock;
  FixedRandom random;
  JobQueue queue;

  @BeforeEach
  void clean() {
    clock = new MutableClock(T0);
    random = new FixedRandom(0.0);
    queue = JobQueue.builder(db).clock(clock).random(random).leaseDuration(Duration.ofSeconds(30)).maxAttempts(3)
        .backoff(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(25), 0.5))
        .redactor(s -> s.replace("hunter2", "[REDACTED]"))
        .build();
  }

  static JobRequest work(String payload) {
    return JobRequest.builder("work").payloadJson(payload).build();
  }

  @Test
  void aSecondEnqueueWithALiveDedupeKeyReturnsTheExistingJob() {
    JobQueue.Enqueued first = queue.enqueue(JobRequest.builder("work").dedupeKey("sync:acme:contacts").build());
    JobQueue.Enqueued second = queue.enqueue(JobRequest.builder("work").dedupeKey("sync:acme:contacts").build());

    assertThat(first.created()).isTrue();
    assertThat(second).isEqualTo(new JobQueue.Enqueued(first.jobId(), false));
    assertThat(queue.stats().ready()).isEqualTo(1);

    QueuedJob job = queue.claim("w1", 10, KINDS).get(0);
    assertThat(queue.enqueue(JobRequest.builder("work").dedupeKey("sync:acme:contacts").build()).created())
        .as("a running job's key is live too").isFalse();
    assertThat(queue.complete(job)).isTrue();
    assertThat(queue.enqueue(JobRequest.builder("work").dedupeKey("sync:acme:contacts").build()).created())
        .as("a finished job's key is free again").isTrue();
  }

  @Test
  void aClaimedJobIsNotHandedOutTwiceUntilItsLeaseExpires() {
    long id = queue.enqueue(work("{\"n\":1}")).jobId();

    List<QueuedJob> first = queue.claim("w1", 10, KINDS);
    assertThat(first).extracting(QueuedJob::id, QueuedJob::attempt).containsExactly(org.assertj.core.groups.Tuple.tuple(id, 1));
    assertThat(queue.claim("w2", 10, KINDS)).isEmpty();

    clock.advance(Duration.ofSeconds(20));
    assertThat(queue.heartbeat("w1", List.of(id))).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    assertThat(queue.claim("w2", 10, KINDS)).as("the heartbeat extended the lease").isEmpty();

    clock.advance(Duration.ofSeconds(11));
    List<QueuedJob> takenOver = queue.claim("w2", 10, KINDS);
    assertThat(takenOver).extracting(QueuedJob::id, QueuedJob::attempt, QueuedJob::leaseHolder)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id, 2, "w2"));
    assertThat(takenOver.get(0).idempotencyKey()).isEqualTo(first.get(0).idempotencyKey());
    assertThat(queue.complete(first.get(0))).as("the dead holder's late completion is refused").isFalse();
    assertThat(queue.fail(first.get(0), new RuntimeException("late"))).isEqualTo(JobQueue.Outcome.LEASE_LOST);
    assertThat(queue.complete(takenOver.get(0))).isTrue();
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));
  }

  @Test
  void failedAttemptsBackOffExponentiallyWithJitterUpToTheCap() {
    long id = queue.enqueue(work("{}")).jobId();
    random.value = 1.0; // the largest jitter: half the delay off

    queue.fail(queue.claim("w", 1, KINDS).get(0), new IllegalStateException("vendor down"));
    assertThat(queue.find(id).orElseThrow().availableAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(queue.find(id).orElseThrow().lastError()).contains("IllegalStateException: vendor down");

    clock.advance(Duration.ofMillis(4999));
    assertThat(queue.claim("w", 1, KINDS)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    random.value = 0.0; // no jitter: 10 s * 2
    Instant failedAt = clock.instant();
    queue.fail(queue.claim("w", 1, KINDS).get(0), new IllegalStateException("still down"));
    assertThat(queue.find(id).orElseThrow().availableAt()).isEqualTo(failedAt.plusSeconds(20));

    Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(25), 0.5);
    assertThat(b.delayAfter(3, new FixedRandom(0))).as("capped").isEqualTo(Duration.ofSeconds(25));
    assertThat(b.delayAfter(30, new FixedRandom(0.5))).isEqualTo(Duration.ofMillis(18750));
  }

  @Test
  void aJobOutOfAttemptsIsDeadLetteredWithItsRedactedErrorAndAReplaySucceeds() {
    List<String> keys = new CopyOnWriteArrayList<>();
    List<String> correlation = new CopyOnWriteArrayList<>();
    boolean[] vendorUp = {false};
    JobHandler handler = new JobHandler() {
      public String kind() {
        return "work";
      }

      public void handle(JobContext job) {
        keys.add(job.idempotencyKey());
        correlation.add(MDC.get("correlationId") + "/" + MDC.get("jobKind") + "/" + MDC.get("jobId"));
        if (!vendorUp[0]) {
          throw new IllegalStateException("401 for token hunter2 " + "x".repeat(3000));
        }
      }
    };
    WorkerPool pool = WorkerPool.builder(queue).handler(handler).holder("pool-1").build();
    long id = queue.enqueue(JobRequest.builder("work").correlationId("req-42").build()).jobId();

    assertThat(pool.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(pool.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    assertThat(pool.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(pool.runOnce()).isZero();

    assertThat(queue.find(id)).isEmpty();
    List<DeadLetter> dead = queue.deadLetters(10);
    assertThat(dead).hasSize(1);
    DeadLetter d = dead.get(0);
    assertThat(d.jobId()).isEqualTo(id);
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.lastError()).startsWith("IllegalStateException: 401 for token [REDACTED] xxx").hasSize(2000)
        .endsWith("...").doesNotContain("hunter2");
    assertThat(d.correlationId()).contains("req-42");

    vendorUp[0] = true;
    JobQueue.Enqueued replayed = queue.replay(d.id());
    assertThat(replayed.created()).isTrue();
    assertThat(queue.deadLetters(10)).isEmpty();
    assertThat(pool.runOnce()).isEqualTo(1);
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));
    assertThat(keys).hasSize(4).containsOnly(keys.get(0));
    assertThat(correlation).containsExactly("req-42/work/" + id, "req-42/work/" + id, "req-42/work/" + id,
        "req-42/work/" + replayed.jobId());
    assertThatThrownBy(() -> queue.replay(d.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no dead letter with id " + d.id() + " (already replayed or never existed)");
  }

  @Test
  void permanentFailuresAreDeadLetteredAtOnceAndRetryLaterUsesNoAttempt() {
    long a = queue.enqueue(work("{\"a\":1}")).jobId();
    queue.fail(queue.claim("w", 1, KINDS).get(0), new RetryLaterException("stream busy", Duration.ofSeconds(7)));
    assertThat(queue.find(a).orElseThrow()).extracting(JobQueue.JobView::attempts, JobQueue.JobView::availableAt)
        .containsExactly(0, T0.plusSeconds(7));
    clock.advance(Duration.ofSeconds(7));
    assertThat(queue.fail(queue.claim("w", 1, KINDS).get(0), new PermanentJobException("bad payload")))
        .isEqualTo(JobQueue.Outcome.DEAD);
    assertThat(queue.deadLetters(10)).extracting(DeadLetter::lastError).containsExactly("PermanentJobException: bad payload");
  }

  @Test
  void bulkReplayReEnqueuesEveryDeadLetterOfAKind() {
    for (int i = 0; i < 3; i++) {
      queue.enqueue(JobRequest.builder("work").maxAttempts(1).build());
    }
    queue.enqueue(JobRequest.builder("other").maxAttempts(1).build());
    for (QueuedJob j : queue.claim("w", 10, Set.of("work", "other"))) {
      queue.fail(j, new RuntimeException("boom"));
    }
    assertThat(queue.stats().deadLetters()).isEqualTo(4);

    assertThat(queue.replayAll(Optional.of("work"))).isEqualTo(3);
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(3, 0, 1));
    assertThat(queue.replayAll(Optional.empty())).isEqualTo(1);
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(4, 0, 0));
  }

  @Test
  void jobsOfAConnectionNeedingReauthorisationAreHeldWithoutUsingAttempts() {
    ConnectionStatusStore status = new ConnectionStatusStore(db, clock);
    long held = queue.enqueue(JobRequest.builder("work").connectionId("acme").build()).jobId();
    long free = queue.enqueue(JobRequest.builder("work").connectionId("globex").build()).jobId();
    status.set("acme", ConnectionStatusStore.Status.NEEDS_REAUTH, "invalid_grant");
    status.set("globex", ConnectionStatusStore.Status.OK, null);

    List<QueuedJob> claimed = queue.claim("w", 10, KINDS);
    assertThat(claimed).extracting(QueuedJob::id).containsExactly(free);
    queue.complete(claimed.get(0));
    clock.advance(Duration.ofHours(5));
    assertThat(queue.claim("w", 10, KINDS)).isEmpty();
    assertThat(queue.find(held).orElseThrow().attempts()).isZero();

    status.set("acme", ConnectionStatusStore.Status.DISABLED, "by operator");
    assertThat(queue.claim("w", 10, KINDS)).isEmpty();
    status.set("acme", ConnectionStatusStore.Status.OK, null);
    assertThat(queue.claim("w", 10, KINDS)).extracting(QueuedJob::id, QueuedJob::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(held, 1));
  }

  @Test
  void aLeaseLostOnTheLastAttemptDeadLettersTheJob() {
    long id = queue.enqueue(JobRequest.builder("work").maxAttempts(1).build()).jobId();
    queue.claim("crashed-worker", 1, KINDS);
    clock.advance(Duration.ofSeconds(31));

    assertThat(queue.claim("w2", 1, KINDS)).isEmpty();
    assertThat(queue.deadLetters(1)).singleElement().satisfies(d -> {
      assertThat(d.jobId()).isEqualTo(id);
      assertThat(d.lastError()).isEqualTo("the worker running attempt 1 stopped renewing its lease"
          + " (it crashed or hung); no attempts left. Last error before: none");
    });
  }

  @Test
  void claimsTakeOnlyTheKindsTheWorkerRunsOldestFirst() {
    long a = queue.enqueue(work("{}")).jobId();
    queue.enqueue(JobRequest.builder("other").build());
    long c = queue.enqueue(JobRequest.builder("work").delay(Duration.ofSeconds(5)).build()).jobId();
    long b = queue.enqueue(work("{}")).jobId();

    assertThat(queue.claim("w", 10, KINDS)).extracting(QueuedJob::id).containsExactly(a, b);
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.claim("w", 10, KINDS)).extracting(QueuedJob::id).containsExactly(c);
  }

  @Test
  void badRequestsAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> JobRequest.builder("work").payloadJson("{nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("payload of a 'work' job must be JSON text: ");
    assertThatThrownBy(() -> JobRequest.builder(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must be 1-64 characters and not blank, was ' '");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff max delay must be >= initial (PT10S), was PT1S");
    assertThatThrownBy(() -> WorkerPool.builder(queue).build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("a worker pool needs at least one JobHandler; register one with handler(...)");
  }

  @Test
  void manyJobsEnqueuedAtOnceAreAllClaimedOnce() {
    List<JobRequest> many = new ArrayList<>();
    for (int i = 0; i < 1234; i++) {
      many.add(work("{\"i\":" + i + "}"));
    }
    assertThat(queue.enqueueAll(many)).isEqualTo(1234);
    Map<Long, Integer> seen = new java.util.HashMap<>();
    for (List<QueuedJob> batch; !(batch = queue.claim("w", 100, KINDS)).isEmpty(); ) {
      batch.forEach(j -> seen.merge(j.id(), 1, Integer::sum));
    }
    assertThat(seen).hasSize(1234).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  /** Returns the same value from nextDouble. */
  static final class FixedRandom implements RandomGenerator {
    volatile double value;

    FixedRandom(double value) {
      this.value = value;
    }

    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public double nextDouble() {
      return value;
    }
  }
}
