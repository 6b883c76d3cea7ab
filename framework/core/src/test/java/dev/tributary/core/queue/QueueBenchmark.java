package dev.tributary.core.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.tributary.core.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Throughput of the {@link JobQueue} with its {@link WorkerPool} against db-scheduler
 * (com.github.kagkarlsson:db-scheduler, one-time tasks) on the same PostgreSQL database, the same
 * connection pool and the same no-op work: jobs drained per second with 1, 2 and 4 worker threads.
 * Each run starts from a fresh schema with all jobs already enqueued, and ends when every job has
 * run and been removed from its table. db-scheduler runs with both of its polling strategies
 * (lock-and-fetch, its SKIP LOCKED mode for PostgreSQL, and the default fetch-and-lock-on-execute),
 * each fetching up to 3x its threads per poll; the ratio is against the faster one. The queue
 * claims batches of 10 and marks finished jobs done in batches; db-scheduler commits each
 * execution's completion on its own, which is where most of the difference comes from. A harness, not a test: run it from the repository root with
 *
 * <pre>
 * ./mvnw -B -q -o -pl framework/core -am test-compile
 * java -cp "framework/core/target/test-classes:framework/core/target/classes:$(cat framework/core/target/bench.cp)" \
 *   dev.tributary.core.queue.QueueBenchmark --jobs 5000 --rounds 3
 * </pre>
 *
 * (write bench.cp once with {@code ./mvnw -q -o -pl framework/core dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp}). Options: {@code --url} (default
 * jdbc:postgresql://127.0.0.1:5432/test), {@code --user} (postgres), {@code --jobs} (5000),
 * {@code --workers} (1,2,4), {@code --rounds} (3; the best round counts).
 */
public final class QueueBenchmark {

  private static final Duration POLL = Duration.ofMillis(100);

  private QueueBenchmark() {}

  /** One line of the report. */
  public record Row(int workers, double tributaryPerSecond, double dbSchedulerLockAndFetchPerSecond,
      double dbSchedulerFetchAndLockPerSecond) {
    public double ratio() {
      return tributaryPerSecond / Math.max(dbSchedulerLockAndFetchPerSecond, dbSchedulerFetchAndLockPerSecond);
    }
  }

  public static void main(String[] args) throws Exception {
    String url = option(args, "--url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = option(args, "--user", "postgres");
    int jobs = Integer.parseInt(option(args, "--jobs", "5000"));
    int rounds = Integer.parseInt(option(args, "--rounds", "3"));
    int[] workers = Arrays.stream(option(args, "--workers", "1,2,4").split(",")).mapToInt(Integer::parseInt).toArray();
    run(url, user, jobs, workers, rounds, true, System.out);
  }

  /** Runs every worker count {@code rounds} times on each queue and prints a table to {@code out}. */
  public static List<Row> run(String url, String user, int jobs, int[] workerCounts, int rounds, boolean warmUp,
      PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "queue benchmark: %d no-op jobs per run, best of %d rounds, PostgreSQL %s%n", jobs, rounds, url);
    // Warm both up (JIT, pool, statements) on a small run first.
    if (warmUp) {
      measureTributary(url, user, Math.max(100, jobs / 10), 2);
      measureDbScheduler(url, user, Math.max(100, jobs / 10), 2, true);
      measureDbScheduler(url, user, Math.max(100, jobs / 10), 2, false);
    }
    List<Row> rows = new ArrayList<>();
    out.printf(Locale.ROOT, "%8s %14s %24s %24s %8s%n", "workers", "tributary/s", "db-scheduler lock&fetch/s",
        "db-scheduler fetch&lock/s", "ratio");
    for (int k : workerCounts) {
      double ours = 0;
      double lockAndFetch = 0;
      double fetchAndLock = 0;
      for (int r = 0; r < rounds; r++) {
        ours = Math.max(ours, measureTributary(url, user, jobs, k));
        lockAndFetch = Math.max(lockAndFetch, measureDbScheduler(url, user, jobs, k, true));
        fetchAndLock = Math.max(fetchAndLock, measureDbScheduler(url, user, jobs, k, false));
      }
      Row row = new Row(k, ours, lockAndFetch, fetchAndLock);
      rows.add(row);
      out.printf(Locale.ROOT, "%8d %14.0f %24.0f %24.0f %7.2fx%n", k, ours, lockAndFetch, fetchAndLock, row.ratio());
    }
    return rows;
  }

  static double measureTributary(String url, String user, int jobs, int workers) throws Exception {
    try (Schema s = Schema.create(url, user); Database db = s.open(workers)) {
      JobQueue queue = JobQueue.builder(db).build();
      List<JobRequest> requests = new ArrayList<>(jobs);
      JobRequest noop = JobRequest.builder("noop").build();
      for (int i = 0; i < jobs; i++) {
        requests.add(noop);
      }
      queue.enqueueAll(requests);
      CountDownLatch done = new CountDownLatch(jobs);
      JobHandler handler = new JobHandler() {
        public String kind() {
          return "noop";
        }

        public void handle(JobContext job) {
          done.countDown();
        }
      };
      WorkerPool pool = WorkerPool.builder(queue).handler(handler).threads(workers).batchSize(10)
          .pollInterval(POLL).build();
      long start = System.nanoTime();
      pool.start();
      try {
        return drain(start, jobs, done, () -> count(db, "SELECT count(*) FROM job"));
      } finally {
        pool.close();
      }
    }
  }

  static double measureDbScheduler(String url, String user, int jobs, int workers, boolean lockAndFetch)
      throws Exception {
    try (Schema s = Schema.create(url, user); Database db = s.open(workers)) {
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute(ddl());
      }
      CountDownLatch done = new CountDownLatch(jobs);
      OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, ctx) -> done.countDown());
      var builder = Scheduler.create(db.dataSource(), noop).threads(workers).pollingInterval(POLL)
          .shutdownMaxWait(Duration.ofSeconds(5));
      builder = lockAndFetch ? builder.pollUsingLockAndFetch(0.5, 3.0) : builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
      Scheduler scheduler = builder.build();
      List<TaskInstance<?>> instances = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        instances.add(noop.instance(Integer.toString(i)));
      }
      scheduler.scheduleBatch(instances, Instant.now());
      long start = System.nanoTime();
      scheduler.start();
      try {
        return drain(start, jobs, done, () -> count(db, "SELECT count(*) FROM scheduled_tasks"));
      } finally {
        scheduler.stop();
      }
    }
  }

  private static double drain(long start, int jobs, CountDownLatch done, Supplier<Long> left) throws Exception {
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("jobs did not finish in 10 minutes: " + done.getCount() + " left");
    }
    while (left.get() > 0) {
      Thread.sleep(2);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return jobs / seconds;
  }

  private static long count(Database db, String sql) {
    return ((Number) db.dsl().fetchValue(sql)).longValue();
  }

  private static String ddl() throws IOException {
    try (InputStream in = QueueBenchmark.class.getResourceAsStream("/db-scheduler/postgresql_tables.sql")) {
      if (in == null) {
        throw new IllegalStateException("db-scheduler/postgresql_tables.sql is missing from the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** A throwaway schema in the benchmark database. */
  public record Schema(String baseUrl, String user, String name) implements AutoCloseable {
    public static Schema create(String baseUrl, String user) throws SQLException {
      String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection(baseUrl, user, ""); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
      }
      return new Schema(baseUrl, user, name);
    }

    public Database open(int workers) {
      String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
      return Database.builder(url).user(user).password("").maxPoolSize(workers + 4).open();
    }

    @Override
    public void close() throws SQLException {
      try (Connection c = DriverManager.getConnection(baseUrl, user, ""); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + name + " CASCADE");
      }
    }
  }
}
