package dev.tributary.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.db.Database;
import dev.tributary.core.db.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's own threads (dispatcher, workers, batched completion) on H2. */
class WorkerPoolTest {

  @Test
  void threadedPoolsRunEveryJobOnceAndMarkAllDoneBeforeClosing() throws Exception {
    try (TestDatabases.Target h2 = TestDatabases.h2(); Database db = h2.open()) {
      JobQueue queue = JobQueue.builder(db).build();
      int jobs = 300;
      List<JobRequest> requests = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        requests.add(JobRequest.builder("count").payloadJson("{\"i\":" + i + "}").build());
      }
      queue.enqueueAll(requests);
      Map<Integer, Integer> runs = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(jobs);
      JobHandler count = new JobHandler() {
        public String kind() {
          return "count";
        }

        public void handle(JobContext job) {
          runs.merge(job.payload().get("i").asInt(), 1, Integer::sum);
          done.countDown();
        }
      };
      WorkerPool a = WorkerPool.builder(queue).handler(count).threads(3).batchSize(7).pollInterval(Duration.ofMillis(20))
          .holder("pool-a").build();
      WorkerPool b = WorkerPool.builder(queue).handler(count).threads(2).batchSize(5).pollInterval(Duration.ofMillis(20))
          .holder("pool-b").build();
      a.start();
      b.start();
      try {
        assertThat(done.await(60, TimeUnit.SECONDS)).as("all jobs ran").isTrue();
      } finally {
        a.close();
        b.close();
      }
      assertThat(runs).hasSize(jobs).allSatisfy((i, n) -> assertThat(n).as("job %d", i).isEqualTo(1));
      assertThat(queue.stats()).as("closing flushed the batched completions").isEqualTo(new JobQueue.Stats(0, 0, 0));
    }
  }
}
