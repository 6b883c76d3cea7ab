package dev.tributary.core.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.json.Json;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs queued jobs with registered {@link JobHandler}s: a dispatcher claims batches of jobs (only
 * kinds it has handlers for) as threads free up, a heartbeat renews the leases of the jobs it holds
 * every third of the lease (not of a job running over twice its budget: a hung job is left for
 * another worker to take over), finished jobs are marked done in batches, and each job runs with
 * {@code correlationId}, {@code jobId} and {@code jobKind} in the SLF4J MDC. Many pools, in one process or many, may share one queue.
 *
 * <pre>{@code
 * WorkerPool pool = WorkerPool.builder(queue).handler(new SyncJobHandler(engine, targets)).threads(4).build();
 * pool.start();   // ... pool.close() stops claiming and waits for running jobs
 * }</pre>
 *
 * {@link #runOnce()} claims and runs one batch in the calling thread, for tests with a fake clock.
 * Thread-safe.
 */
public final class WorkerPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
  private static final AtomicLong POOLS = new AtomicLong();

  private final JobQueue queue;
  private final Map<String, JobHandler> handlers;
  private final int threads;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration budget;
  private final Duration shutdownTimeout;
  private final String holder;
  private final Clock clock;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Long, Instant> startedAt = new ConcurrentHashMap<>();
  private final BlockingQueue<QueuedJob> finished = new LinkedBlockingQueue<>();
  private final Semaphore slots;
  private final Object wake = new Object();
  private volatile boolean running;
  private Thread dispatcher;
  private Thread completer;
  private ExecutorService executor;
  private ScheduledExecutorService heartbeats;

  private WorkerPool(Builder b) {
    this.queue = b.queue;
    this.handlers = Map.copyOf(b.handlers);
    this.threads = b.threads;
    this.batchSize = b.batchSize;
    this.pollInterval = b.pollInterval;
    this.budget = b.budget;
    this.shutdownTimeout = b.shutdownTimeout;
    this.holder = b.holder;
    this.clock = queue.clock();
    // Threads plus one batch: the next batch is claimed while the last one still runs.
    this.slots = new Semaphore(threads + batchSize);
  }

  public static Builder builder(JobQueue queue) {
    return new Builder(queue);
  }

  /** This pool's name in leases. */
  public String holder() {
    return holder;
  }

  /** Starts the dispatcher, the worker threads and the heartbeat. @throws IllegalStateException if started before */
  public synchronized void start() {
    if (dispatcher != null) {
      throw new IllegalStateException("worker pool " + holder + " was already started");
    }
    running = true;
    executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("tributary-worker-", 0).daemon().factory());
    heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tributary-heartbeat").daemon().factory());
    long every = Math.max(50, queue.leaseDuration().toMillis() / 3);
    heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    completer = Thread.ofPlatform().name("tributary-completer").daemon().start(this::completeFinished);
    dispatcher = Thread.ofPlatform().name("tributary-dispatcher").daemon().start(this::dispatch);
    log.info("worker pool {} started: {} threads, kinds {}", holder, threads, handlers.keySet());
  }

  private void heartbeat() {
    try {
      if (inFlight.isEmpty()) {
        return;
      }
      // A job stuck far past its budget stops being renewed, so another worker can take it over.
      Instant cutoff = clock.instant().minus(budget.multipliedBy(2));
      List<Long> renew = new ArrayList<>(inFlight.size());
      for (Long id : inFlight) {
        Instant started = startedAt.get(id);
        if (started != null && started.isBefore(cutoff)) {
          log.warn("job {} has run over twice its budget of {}; its lease is no longer renewed", id, budget);
        } else {
          renew.add(id);
        }
      }
      queue.heartbeat(holder, renew);
    } catch (RuntimeException e) {
      log.warn("lease heartbeat of worker pool {} failed: {}", holder, e.toString());
    }
  }

  private void dispatch() {
    while (running) {
      try {
        // A whole batch at once: claiming whatever single slot just freed would cost one claim per job.
        int n = batchSize;
        if (!slots.tryAcquire(n, pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
          continue;
        }
        List<QueuedJob> jobs;
        try {
          jobs = running ? queue.claim(holder, n, handlers.keySet()) : List.of();
        } catch (RuntimeException e) {
          slots.release(n);
          log.warn("worker pool {} could not claim jobs: {}", holder, e.toString());
          idle();
          continue;
        }
        slots.release(n - jobs.size());
        for (QueuedJob job : jobs) {
          inFlight.add(job.id());
          executor.execute(() -> {
            boolean succeeded = false;
            try {
              succeeded = run(job);
            } finally {
              if (succeeded) {
                finished.add(job); // stays in flight (heartbeated) until the completer deletes it
              } else {
                inFlight.remove(job.id());
              }
              slots.release();
            }
          });
        }
        if (jobs.isEmpty()) {
          idle();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void idle() throws InterruptedException {
    synchronized (wake) {
      if (running) {
        wake.wait(pollInterval.toMillis());
      }
    }
  }

  /** Claims up to one batch and runs it in the calling thread; returns how many jobs ran. */
  public int runOnce() {
    List<QueuedJob> jobs = queue.claim(holder, batchSize, handlers.keySet());
    for (QueuedJob job : jobs) {
      inFlight.add(job.id());
      try {
        if (run(job)) {
          queue.complete(job);
        }
      } finally {
        inFlight.remove(job.id());
      }
    }
    return jobs.size();
  }

  /** Runs {@link #runOnce()} until it finds nothing; returns how many jobs ran. */
  public int drain() {
    int total = 0;
    for (int n; (n = runOnce()) > 0; ) {
      total += n;
    }
    return total;
  }

  /**
   * Completes finished jobs in batches, one DELETE per batch: per-job commits would cap a pool at
   * one job per disk flush. A crash before the batch commits re-runs those jobs, which
   * at-least-once delivery allows.
   */
  private void completeFinished() {
    List<QueuedJob> batch = new ArrayList<>();
    while (true) {
      try {
        QueuedJob first = finished.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          if (!running && finished.isEmpty() && executor.isTerminated()) {
            return;
          }
          continue;
        }
        batch.add(first);
        finished.drainTo(batch, 999);
        try {
          queue.completeAll(holder, batch);
        } catch (RuntimeException e) {
          log.warn("worker pool {} could not mark {} finished jobs done; they run again after their leases: {}", holder,
              batch.size(), e.toString());
        }
        batch.forEach(j -> inFlight.remove(j.id()));
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Runs one job; true if the handler succeeded (the caller completes it). */
  private boolean run(QueuedJob job) {
    JobHandler handler = handlers.get(job.kind());
    MDC.put("correlationId", job.correlationId().orElse("job-" + job.id()));
    MDC.put("jobId", Long.toString(job.id()));
    MDC.put("jobKind", job.kind());
    Instant started = clock.instant();
    startedAt.put(job.id(), started);
    try {
      handler.handle(new Context(job, started.plus(budget)));
      return true;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      try {
        queue.fail(job, t);
      } catch (RuntimeException e) {
        // The lease runs out and the job is retried by whoever claims it next.
        log.warn("could not record the failure of job {}: {}", job.id(), e.toString());
      }
      return false;
    } finally {
      Duration took = Duration.between(started, clock.instant());
      if (took.compareTo(budget) > 0) {
        log.warn("job {} ({}) ran {} ms, over its budget of {} ms: chunk its work", job.id(), job.kind(),
            took.toMillis(), budget.toMillis());
      }
      startedAt.remove(job.id());
      MDC.remove("correlationId");
      MDC.remove("jobId");
      MDC.remove("jobKind");
    }
  }

  /** Stops claiming, waits up to the shutdown timeout for running jobs, then interrupts them. */
  @Override
  public synchronized void close() {
    if (dispatcher == null || !running) {
      return;
    }
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      dispatcher.join(shutdownTimeout.toMillis());
      executor.shutdown();
      if (!executor.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("worker pool {}: jobs still running after {}; interrupting them (their leases run out)", holder,
            shutdownTimeout);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    } finally {
      try {
        completer.join(shutdownTimeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heartbeats.shutdownNow();
    }
    log.info("worker pool {} stopped", holder);
  }

  private final class Context implements JobContext {
    private final QueuedJob job;
    private final Instant deadline;
    private JsonNode tree;

    Context(QueuedJob job, Instant deadline) {
      this.job = job;
      this.deadline = deadline;
    }

    @Override
    public QueuedJob job() {
      return job;
    }

    @Override
    public JsonNode payload() {
      if (tree == null) {
        try {
          tree = Json.canonical().readTree(job.payload());
        } catch (JsonProcessingException e) {
          throw new PermanentJobException("payload of job " + job.id() + " is not JSON: " + e.getOriginalMessage());
        }
      }
      return tree;
    }

    @Override
    public <T> T payload(Class<T> type) {
      try {
        return Json.canonical().treeToValue(payload(), type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new PermanentJobException("payload of job " + job.id() + " (" + job.kind() + ") does not fit "
            + type.getSimpleName() + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
    }

    @Override
    public Instant deadline() {
      return deadline;
    }

    @Override
    public boolean budgetSpent() {
      return !clock.instant().isBefore(deadline);
    }

    @Override
    public JobQueue.Enqueued enqueue(JobRequest request) {
      JobRequest r = request;
      if (r.correlationId().isEmpty() && job.correlationId().isPresent()) {
        r = new JobRequest(r.kind(), r.payload(), r.connectionId(), r.dedupeKey(), r.idempotencyKey(),
            job.correlationId(), r.delay(), r.maxAttempts());
      }
      return queue.enqueue(r);
    }
  }

  /** Configures a {@link WorkerPool}. Not thread-safe. */
  public static final class Builder {
    private final JobQueue queue;
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private int threads = 4;
    private int batchSize = 10;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration budget = Duration.ofSeconds(120);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private String holder = defaultHolder();

    private Builder(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Registers a handler. @throws IllegalArgumentException if its kind already has one */
    public Builder handler(JobHandler handler) {
      Objects.requireNonNull(handler, "handler");
      String kind = Objects.requireNonNull(handler.kind(), "handler.kind()");
      JobHandler before = handlers.putIfAbsent(kind, handler);
      if (before != null) {
        throw new IllegalArgumentException("job kind '" + kind + "' already has a handler (" + before.getClass().getName()
            + "); cannot register " + handler.getClass().getName());
      }
      return this;
    }

    /** Jobs run at once. Default 4. @throws IllegalArgumentException unless 1..256 */
    public Builder threads(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("threads must be 1..256, was " + n);
      }
      this.threads = n;
      return this;
    }

    /**
     * Most jobs one claim takes; the pool holds at most threads + batch size claimed jobs (the
     * ones waiting for a thread keep their leases by heartbeat). Default 10.
     *
     * @throws IllegalArgumentException unless 1..1000
     */
    public Builder batchSize(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("batchSize must be 1..1000, was " + n);
      }
      this.batchSize = n;
      return this;
    }

    /** How long an idle dispatcher waits before it looks again. Default 500 ms. */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "pollInterval");
      return this;
    }

    /** Each job's time budget (its {@link JobContext#deadline()}). Default 120 s. */
    public Builder budget(Duration d) {
      this.budget = positive(d, "budget");
      return this;
    }

    /** How long {@link #close()} waits for running jobs. Default 30 s. */
    public Builder shutdownTimeout(Duration d) {
      this.shutdownTimeout = positive(d, "shutdownTimeout");
      return this;
    }

    /** This pool's name in leases; must be unique among live pools. Default pid@host/random. */
    public Builder holder(String id) {
      Objects.requireNonNull(id, "holder");
      if (id.isBlank() || id.length() > 128) {
        throw new IllegalArgumentException("holder must be 1-128 characters and not blank, was '" + id + "'");
      }
      this.holder = id;
      return this;
    }

    /** @throws IllegalStateException when no handler is registered */
    public WorkerPool build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException("a worker pool needs at least one JobHandler; register one with handler(...)");
      }
      return new WorkerPool(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }

    private static String defaultHolder() {
      String id = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
      return id.length() > 128 ? id.substring(0, 128) : id;
    }
  }

}
