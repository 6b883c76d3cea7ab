package dev.tributary.core.queue;

import dev.tributary.core.db.Database;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker process for {@link MultiProcessQueueTest}: runs the "effect" job kind against the
 * queue at the given database until the queue is empty or the time limit passes. Each delivery is
 * counted in {@code test_delivery} and the effect is an
 * idempotent insert into {@code test_effect} keyed by job id, so deliveries and effects can be
 * compared afterwards. Both are written by one statement, so a delivery is counted when it got as
 * far as its effect's commit (a worker killed mid-job leaves no trace of that delivery).
 *
 * <p>Arguments: jdbcUrl user leaseMillis threads holder maxSeconds
 */
public final class QueueWorkerMain {

  private QueueWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    int threads = Integer.parseInt(args[3]);
    String holder = args[4];
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
    AtomicLong delivered = new AtomicLong();
    try (Database db = Database.builder(url).user(user).password("").maxPoolSize(threads + 2).open()) {
      JobQueue queue = JobQueue.builder(db).leaseDuration(lease).build();
      JobHandler effect = new JobHandler() {
        public String kind() {
          return "effect";
        }

        public void handle(JobContext job) {
          // One statement, so one commit: the delivery is counted exactly when its effect commits.
          db.dsl().execute("WITH delivery AS (INSERT INTO test_delivery (job_id, holder) VALUES (?, ?))"
              + " INSERT INTO test_effect (job_id, n) VALUES (?, ?) ON CONFLICT (job_id) DO NOTHING",
              job.id(), holder, job.id(), job.payload().get("n").asInt());
          delivered.incrementAndGet();
        }
      };
      WorkerPool pool = WorkerPool.builder(queue).handler(effect).threads(threads).batchSize(20)
          .pollInterval(Duration.ofMillis(100)).holder(holder).build();
      pool.start();
      int exit = 2;
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        JobQueue.Stats s = queue.stats();
        if (s.ready() + s.running() == 0) {
          exit = 0;
          break;
        }
      }
      pool.close();
      System.out.println("worker " + holder + " done: delivered=" + delivered.get() + " exit=" + exit);
      System.exit(exit);
    }
  }
}
