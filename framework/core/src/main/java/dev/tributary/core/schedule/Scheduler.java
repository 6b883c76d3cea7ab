package dev.tributary.core.schedule;

import static dev.tributary.core.db.generated.Tables.SCHEDULE_FIRE;

import com.cronutils.model.time.ExecutionTime;
import dev.tributary.core.db.Database;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.SyncJobHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drupal's cron, run on every node: turns {@link SyncSchedule}s into sync jobs on the
 * {@link JobQueue}.
 *
 * <p><b>Exactly once across nodes.</b> Each node's {@link #tick()} computes each schedule's
 * latest due fire time and claims it by inserting {@code (schedule id, fire time)} into
 * {@code schedule_fire}, whose primary key lets only one insert win; the winner enqueues the sync
 * jobs in the same transaction. So a fire is enqueued once however many schedulers tick.
 *
 * <p><b>Missed fires.</b> Fires missed while every node was down are caught up <em>once</em>: the
 * next tick claims only the latest due fire, not one per missed tick. A schedule seen for the
 * first time records its latest past fire as a skipped baseline and first runs at its next fire
 * (like cron: adding a schedule does not run it at once). A sync job whose stream already has one
 * queued or running ({@code sync:<connection>:<stream>} dedupe key) is not enqueued twice.
 *
 * <p>Time comes from the injected clock; tests call {@link #tick()} directly, production calls
 * {@link #start()} for a background thread ticking every {@link Builder#tickInterval}. Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final JobQueue queue;
  private final Database db;
  private final Clock clock;
  private final Map<String, SyncSchedule> schedules;
  private final Map<String, ExecutionTime> times = new LinkedHashMap<>();
  private final Duration tickInterval;
  private ScheduledExecutorService ticker;

  private Scheduler(Builder b) {
    this.queue = b.queue;
    this.db = b.queue.database();
    this.clock = b.clock;
    this.schedules = Map.copyOf(b.schedules);
    this.tickInterval = b.tickInterval;
    b.schedules.forEach((id, s) -> times.put(id, ExecutionTime.forCron(s.parsed())));
  }

  public static Builder builder(JobQueue queue) {
    return new Builder(queue);
  }

  /** A fire this node claimed. */
  public record Fire(String scheduleId, Instant fireTime, List<Long> jobIds) {}

  /** Claims and enqueues every due fire not claimed yet by any node; returns the fires this node claimed. */
  public List<Fire> tick() {
    Instant now = clock.instant();
    List<Fire> fired = new ArrayList<>();
    for (SyncSchedule s : schedules.values()) {
      try {
        latestFire(s, now).flatMap(t -> fire(s, t, now)).ifPresent(fired::add);
      } catch (RuntimeException e) {
        log.warn("schedule '{}' could not fire: {}", s.id(), e.toString());
      }
    }
    return fired;
  }

  /** The latest fire time at or before {@code now}. */
  Optional<Instant> latestFire(SyncSchedule s, Instant now) {
    ZonedDateTime local = now.atZone(s.zone()).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    return times.get(s.id()).lastExecution(local).map(ZonedDateTime::toInstant).filter(t -> !t.isAfter(now));
  }

  private Optional<Fire> fire(SyncSchedule s, Instant fireTime, Instant now) {
    OffsetDateTime fire = OffsetDateTime.ofInstant(fireTime, ZoneOffset.UTC);
    Optional<OffsetDateTime> last = Optional.ofNullable(db.dsl().select(DSL.max(SCHEDULE_FIRE.FIRE_TIME))
        .from(SCHEDULE_FIRE).where(SCHEDULE_FIRE.SCHEDULE_ID.eq(s.id())).fetchOne(0, OffsetDateTime.class));
    if (last.isPresent() && !last.get().isBefore(fire)) {
      return Optional.empty();
    }
    boolean baseline = last.isEmpty();
    try {
      return db.inTransaction((c, tx) -> {
        tx.insertInto(SCHEDULE_FIRE)
            .set(SCHEDULE_FIRE.SCHEDULE_ID, s.id())
            .set(SCHEDULE_FIRE.FIRE_TIME, fire)
            .set(SCHEDULE_FIRE.CLAIMED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
            .set(SCHEDULE_FIRE.SKIPPED, baseline)
            .execute();
        if (baseline) {
          log.info("schedule '{}' ({} in {}) first seen; its first fire follows {}", s.id(), s.cron(), s.zone(), fireTime);
          return Optional.empty();
        }
        List<Long> ids = new ArrayList<>();
        String correlation = "schedule:" + s.id() + ":" + fireTime;
        for (String stream : s.streams()) {
          ids.add(queue.enqueue(tx, SyncJobHandler.request(s.connectionId(), stream, false)
              .correlationId(correlation.length() > 128 ? correlation.substring(0, 128) : correlation)
              .build()).jobId());
        }
        log.info("schedule '{}' fired for {}: sync {} of connection '{}'", s.id(), fireTime, s.streams(), s.connectionId());
        return Optional.of(new Fire(s.id(), fireTime, List.copyOf(ids)));
      });
    } catch (DataAccessException e) {
      if (e.sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
        return Optional.empty(); // another node claimed this fire first
      }
      throw e;
    }
  }

  /** Ticks every tick interval on a background thread until {@link #close()}. */
  public synchronized void start() {
    if (ticker != null) {
      throw new IllegalStateException("scheduler already started");
    }
    ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tributary-cron").daemon().factory());
    ticker.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        log.warn("cron tick failed: {}", e.toString());
      }
    }, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  /** Configures a {@link Scheduler}. Not thread-safe. */
  public static final class Builder {
    private final JobQueue queue;
    private final Map<String, SyncSchedule> schedules = new LinkedHashMap<>();
    private Clock clock;
    private Duration tickInterval = Duration.ofSeconds(15);

    private Builder(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      this.clock = queue.clock();
    }

    /** Default: the queue's clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws IllegalArgumentException if another schedule has the same id */
    public Builder schedule(SyncSchedule schedule) {
      Objects.requireNonNull(schedule, "schedule");
      if (schedules.putIfAbsent(schedule.id(), schedule) != null) {
        throw new IllegalArgumentException("two schedules have the id '" + schedule.id() + "'; schedule ids must be unique");
      }
      return this;
    }

    /** How often the background thread ticks; under a minute so minute fires are not late. Default 15 s. */
    public Builder tickInterval(Duration d) {
      Objects.requireNonNull(d, "tickInterval");
      if (d.toMillis() < 100 || d.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("tickInterval must be between 100ms and 1 minute, was " + d);
      }
      this.tickInterval = d;
      return this;
    }

    public Scheduler build() {
      return new Scheduler(this);
    }
  }
}
