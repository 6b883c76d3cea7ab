package dev.tributary.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.db.Database;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.QueuedJob;
import dev.tributary.core.queue.SyncJobHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The cron scheduler on one database shared by two nodes; run once per database by a subclass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchedulerContract {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant T0 = Instant.parse("2026-01-05T07:58:30Z"); // 08:58:30 in Berlin
  static final Set<String> SYNC = Set.of(SyncJobHandler.KIND);

  TestDatabases.Target target;
  Database node1;
  Database node2;
  MutableClock clock;

  abstract TestDatabases.Target target();

  @BeforeAll
  void open() {
    target = target();
    node1 = target.open();
    node2 = target.open();
  }

  @AfterAll
  void close() {
    for (Database d : new Database[] {node1, node2}) {
      if (d != null) {
        d.close();
      }
    }
    if (target != null) {
      target.close();
    }
  }

  @BeforeEach
  void clean() {
    TestDatabases.clean(node1);
    clock = new MutableClock(T0);
  }

  Scheduler scheduler(Database db, SyncSchedule... schedules) {
    Scheduler.Builder b = Scheduler.builder(JobQueue.builder(db).clock(clock).build());
    for (SyncSchedule s : schedules) {
      b.schedule(s);
    }
    return b.build();
  }

  /** Completes every queued sync job, so a second enqueue would not be hidden by the dedupe key. */
  int drain(JobQueue queue) {
    int n = 0;
    for (List<QueuedJob> jobs; !(jobs = queue.claim("drain", 100, SYNC)).isEmpty(); ) {
      jobs.forEach(queue::complete);
      n += jobs.size();
    }
    return n;
  }

  @Test
  void eachFireRunsExactlyOnceWithTwoSchedulersTickingTogether() throws Exception {
    SyncSchedule every5 = SyncSchedule.of("acme-contacts", "acme", List.of("contacts", "deals"), "*/5 * * * *", BERLIN);
    Scheduler a = scheduler(node1, every5);
    Scheduler b = scheduler(node2, every5);
    JobQueue queue = JobQueue.builder(node1).clock(clock).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      assertThat(a.tick()).as("first sight records a baseline, runs nothing").isEmpty();
      assertThat(b.tick()).isEmpty();
      List<Instant> fires = new ArrayList<>();
      for (int round = 0; round < 12; round++) {
        clock.advance(Duration.ofMinutes(5));
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<List<Scheduler.Fire>> tickA = () -> {
          together.await();
          return a.tick();
        };
        Callable<List<Scheduler.Fire>> tickB = () -> {
          together.await();
          return b.tick();
        };
        Future<List<Scheduler.Fire>> fa = pool.submit(tickA);
        Future<List<Scheduler.Fire>> fb = pool.submit(tickB);
        List<Scheduler.Fire> both = new ArrayList<>(fa.get());
        both.addAll(fb.get());
        assertThat(both).as("round %d", round).hasSize(1);
        fires.add(both.get(0).fireTime());
        assertThat(a.tick()).as("a second tick in the same minute").isEmpty();
        assertThat(drain(queue)).as("one job per stream").isEqualTo(2);
      }
      assertThat(fires).first().isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
      assertThat(fires).last().isEqualTo(Instant.parse("2026-01-05T08:55:00Z"));
      assertThat(fires).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void firesMissedWhileDownAreCaughtUpOnceInTheScheduleTimeZone() {
    SyncSchedule nineInBerlin = SyncSchedule.of("acme-daily", "acme", List.of("contacts"), "0 9 * * *", BERLIN);
    Scheduler s = scheduler(node1, nineInBerlin);
    JobQueue queue = JobQueue.builder(node1).clock(clock).build();
    s.tick();

    clock.advance(Duration.ofSeconds(90)); // 09:00 Berlin = 08:00 UTC in winter
    List<Scheduler.Fire> fired = s.tick();
    assertThat(fired).extracting(Scheduler.Fire::fireTime).containsExactly(Instant.parse("2026-01-05T08:00:00Z"));
    assertThat(queue.find(fired.get(0).jobIds().get(0)).orElseThrow().payload())
        .isEqualTo("{\"connectionId\":\"acme\",\"full\":false,\"stream\":\"contacts\"}");
    assertThat(queue.find(fired.get(0).jobIds().get(0)).orElseThrow().correlationId())
        .contains("schedule:acme-daily:2026-01-05T08:00:00Z");
    drain(queue);

    clock.advance(Duration.ofDays(3)); // down for three days: three fires missed
    assertThat(s.tick()).extracting(Scheduler.Fire::fireTime).containsExactly(Instant.parse("2026-01-08T08:00:00Z"));
    assertThat(drain(queue)).isEqualTo(1);
    assertThat(s.tick()).isEmpty();
  }

  @Test
  void aFireWhileTheStreamStillSyncsEnqueuesNoSecondJob() {
    Scheduler s = scheduler(node1, SyncSchedule.of("m", "acme", List.of("contacts"), "* * * * *", ZoneId.of("UTC")));
    s.tick();
    clock.advance(Duration.ofMinutes(1));
    long first = s.tick().get(0).jobIds().get(0);
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.tick()).singleElement().satisfies(f -> assertThat(f.jobIds()).containsExactly(first));
  }

  @Test
  void badSchedulesAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> SyncSchedule.of("x", "acme", List.of("contacts"), "0 0 9 * * ?", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schedule 'x': '0 0 9 * * ?' is not a Unix cron expression (five fields: minute hour"
            + " day-of-month month day-of-week, e.g. '*/15 * * * *'): ");
    assertThatThrownBy(() -> SyncSchedule.of("x", "acme", List.of(), "* * * * *", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schedule 'x' names no streams; list at least one stream of connection 'acme'");
    SyncSchedule ok = SyncSchedule.of("x", "acme", List.of("contacts"), "* * * * *", BERLIN);
    assertThatThrownBy(() -> Scheduler.builder(JobQueue.builder(node1).build()).schedule(ok).schedule(ok))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("two schedules have the id 'x'; schedule ids must be unique");
  }
}
