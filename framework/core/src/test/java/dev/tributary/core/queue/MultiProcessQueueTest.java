package dev.tributary.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.db.Database;
import dev.tributary.core.db.TestDatabases;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three worker JVMs drain one PostgreSQL queue while one of them is killed with SIGKILL. Delivery
 * is at-least-once (the killed worker's in-flight jobs run again elsewhere once their 2 s leases
 * expire); the effect, an idempotent insert keyed by job id, is applied exactly once per job.
 */
class MultiProcessQueueTest {

  static final int JOBS = 10_000;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void threeWorkerProcessesApplyEveryEffectOnceEvenWhenOneIsKilled() throws Exception {
    try (TestDatabases.Target pg = TestDatabases.postgres(); Database db = pg.open()) {
      db.dsl().execute("CREATE TABLE test_delivery (id BIGSERIAL PRIMARY KEY, job_id BIGINT NOT NULL, holder TEXT NOT NULL)");
      db.dsl().execute("CREATE TABLE test_effect (job_id BIGINT PRIMARY KEY, n INT NOT NULL)");
      JobQueue queue = JobQueue.builder(db).build();
      List<JobRequest> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(JobRequest.builder("effect").payloadJson("{\"n\":" + i + "}").build());
      }
      assertThat(queue.enqueueAll(jobs)).isEqualTo(JOBS);

      List<Process> workers = new ArrayList<>();
      Path logs = Files.createDirectories(Path.of("target", "multi-process-queue"));
      for (int i = 0; i < 3; i++) {
        workers.add(new ProcessBuilder(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-cp", testClassPath(), QueueWorkerMain.class.getName(), pg.url(), pg.user(), "2000", "4", "worker-" + i, "80")
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("worker-" + i + ".log").toFile())
            .start());
      }

      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (effects(db) < 3000 && System.nanoTime() < until && workers.get(0).isAlive()) {
        Thread.sleep(50);
      }
      workers.get(0).destroyForcibly().waitFor();
      Set<Long> leasedByKilled = Set.copyOf(db.dsl().fetch(
          "SELECT id FROM job WHERE lease_holder = 'worker-0' AND status = 'RUNNING'").getValues(0, Long.class));
      long effectsAtKill = effects(db);

      for (Process p : workers.subList(1, 3)) {
        assertThat(p.waitFor(85, TimeUnit.SECONDS)).as("worker stops by itself when the queue is empty").isTrue();
        assertThat(p.exitValue()).isZero();
      }

      long deliveries = count(db, "SELECT count(*) FROM test_delivery");
      long distinctEffects = count(db, "SELECT count(DISTINCT job_id) FROM test_effect");
      long distinctN = count(db, "SELECT count(DISTINCT n) FROM test_effect");
      System.out.printf("multi-process queue: %d jobs, %d deliveries, %d effects; effects at kill %d;"
          + " %d jobs leased by the killed worker taken over%n", JOBS, deliveries, effects(db), effectsAtKill,
          leasedByKilled.size());

      assertThat(effectsAtKill).as("the kill happened mid-run").isBetween(1L, JOBS - 1L);
      assertThat(leasedByKilled).as("the killed worker held leases").isNotEmpty();
      assertThat(effects(db)).isEqualTo(JOBS);
      assertThat(distinctEffects).isEqualTo(JOBS);
      assertThat(distinctN).isEqualTo(JOBS);
      assertThat(deliveries).isGreaterThanOrEqualTo(JOBS);
      assertThat(count(db, "SELECT count(*) FROM test_effect WHERE job_id IN ("
          + String.join(",", leasedByKilled.stream().map(String::valueOf).toList()) + ")"))
          .as("every job leased by the killed worker got its effect").isEqualTo((long) leasedByKilled.size());
      assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));
    }
  }

  private static long effects(Database db) {
    return count(db, "SELECT count(*) FROM test_effect");
  }

  private static long count(Database db, String sql) {
    return ((Number) db.dsl().fetchValue(sql)).longValue();
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
  }
}
