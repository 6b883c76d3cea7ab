package dev.tributary.benchmarks.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.tributary.core.db.Database;
import dev.tributary.core.queue.JobContext;
import dev.tributary.core.queue.JobHandler;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.JobRequest;
import dev.tributary.core.queue.QueueBenchmark;
import dev.tributary.core.queue.WorkerPool;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The queue shared by several processes: {@code processes} child JVMs with {@code threads} workers
 * each drain one PostgreSQL queue of no-op jobs, Tributary's {@link JobQueue} against db-scheduler
 * (lock-and-fetch, its SKIP LOCKED mode for several instances). All jobs are enqueued first; the
 * children start their workers together once every one of them is connected, and the clock runs
 * until the table is empty. Start-up of the JVMs is outside the time.
 */
public final class QueueProcessesBenchmark {

  /** Jobs per second of each queue. */
  public record Result(int processes, int threads, int jobs, double tributaryPerSecond, double dbSchedulerPerSecond) {
    public double ratio() {
      return tributaryPerSecond / dbSchedulerPerSecond;
    }
  }

  private static final Duration POLL = Duration.ofMillis(100);

  private QueueProcessesBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      worker(args[1], args[2], Integer.parseInt(args[3]));
      return;
    }
    dev.tributary.benchmarks.Logs.init();
    run("jdbc:postgresql://127.0.0.1:5432/test", 5000, 2, 2, 1, System.out);
  }

  /** Best of {@code rounds} for each queue. */
  public static Result run(String url, int jobs, int processes, int threads, int rounds, PrintStream out) throws Exception {
    double ours = 0;
    double theirs = 0;
    for (int r = 0; r < rounds; r++) {
      ours = Math.max(ours, measure("tributary", url, jobs, processes, threads));
      theirs = Math.max(theirs, measure("db-scheduler", url, jobs, processes, threads));
    }
    Result res = new Result(processes, threads, jobs, ours, theirs);
    out.printf(Locale.ROOT, "queue, %d processes x %d workers, %d jobs: tributary %.0f/s, db-scheduler %.0f/s, ratio %.2fx%n",
        processes, threads, jobs, ours, theirs, res.ratio());
    return res;
  }

  private static double measure(String kind, String url, int jobs, int processes, int threads) throws Exception {
    try (QueueBenchmark.Schema s = QueueBenchmark.Schema.create(url, "postgres"); Database db = s.open(4)) {
      String table;
      if (kind.equals("tributary")) {
        JobQueue queue = JobQueue.builder(db).build();
        List<JobRequest> requests = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
          requests.add(JobRequest.builder("noop").build());
        }
        queue.enqueueAll(requests);
        table = "job";
      } else {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
          st.execute(ddl());
        }
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, ctx) -> { });
        Scheduler enqueuer = Scheduler.create(db.dataSource(), noop).build();
        List<TaskInstance<?>> instances = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
          instances.add(noop.instance(Integer.toString(i)));
        }
        enqueuer.scheduleBatch(instances, Instant.now());
        table = "scheduled_tasks";
      }
      String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + s.name();
      List<Process> children = new ArrayList<>();
      try {
        for (int p = 0; p < processes; p++) {
          children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
              System.getProperty("java.class.path"), QueueProcessesBenchmark.class.getName(), "--worker", kind, schemaUrl,
              Integer.toString(threads)).redirectErrorStream(true).start());
        }
        for (Process p : children) {
          BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          StringBuilder seen = new StringBuilder();
          for (String l; ; ) {
            l = r.readLine();
            if (l == null) {
              throw new IllegalStateException(kind + " worker process ended before it was ready:\n" + seen);
            }
            seen.append(l).append('\n');
            if (l.equals("READY")) {
              break;
            }
          }
          Thread.ofPlatform().daemon().start(() -> drain(r));
        }
        long start = System.nanoTime();
        for (Process p : children) {
          Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
          w.write("GO\n");
          w.flush();
        }
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (((Number) db.dsl().fetchValue("SELECT count(*) FROM " + table)).longValue() > 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(kind + ": jobs left after 10 minutes");
          }
          Thread.sleep(2);
        }
        return jobs / ((System.nanoTime() - start) / 1e9);
      } finally {
        for (Process p : children) {
          p.getOutputStream().close(); // end of input: the worker stops
        }
        for (Process p : children) {
          if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // the worker's log: discarded
      }
    } catch (java.io.IOException ignored) {
      // the process ended
    }
  }

  /** The child: connects, says READY, starts on GO, stops at the end of its input. */
  private static void worker(String kind, String url, int threads) throws Exception {
    dev.tributary.benchmarks.Logs.init();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Database db = Database.builder(url).user("postgres").password("").maxPoolSize(threads + 4).open()) {
      if (kind.equals("tributary")) {
        JobQueue queue = JobQueue.builder(db).build();
        JobHandler noop = new JobHandler() {
          public String kind() {
            return "noop";
          }

          public void handle(JobContext job) {
            // no-op: the queue's own cost is measured
          }
        };
        WorkerPool pool = WorkerPool.builder(queue).handler(noop).threads(threads).batchSize(10).pollInterval(POLL).build();
        System.out.println("READY");
        System.out.flush();
        awaitGo(in);
        pool.start();
        awaitEnd(in);
        pool.close();
      } else {
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, ctx) -> { });
        Scheduler scheduler = Scheduler.create(db.dataSource(), noop).threads(threads).pollingInterval(POLL)
            .pollUsingLockAndFetch(0.5, 3.0).shutdownMaxWait(Duration.ofSeconds(5)).build();
        System.out.println("READY");
        System.out.flush();
        awaitGo(in);
        scheduler.start();
        awaitEnd(in);
        scheduler.stop();
      }
    }
  }

  private static void awaitGo(BufferedReader in) throws java.io.IOException {
    String l = in.readLine();
    if (!"GO".equals(l)) {
      throw new IllegalStateException("expected GO on standard input, got " + l);
    }
  }

  private static void awaitEnd(BufferedReader in) throws java.io.IOException {
    while (in.readLine() != null) {
      // wait for the end of input
    }
  }

  private static String ddl() throws java.io.IOException {
    try (InputStream in = QueueBenchmark.class.getResourceAsStream("/db-scheduler/postgresql_tables.sql")) {
      if (in == null) {
        throw new IllegalStateException("db-scheduler/postgresql_tables.sql is missing: it comes with tributary-core's test-jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
