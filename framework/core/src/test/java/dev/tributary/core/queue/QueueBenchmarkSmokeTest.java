package dev.tributary.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.db.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps {@link QueueBenchmark} runnable: a tiny run, no speed asserted (speed lives in the harness). */
class QueueBenchmarkSmokeTest {

  @Test
  void theBenchmarkHarnessRunsBothQueuesAndReportsARatio() throws Exception {
    TestDatabases.postgres().close(); // skips with a message when PostgreSQL is unreachable
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<QueueBenchmark.Row> rows = QueueBenchmark.run(TestDatabases.PG_URL, TestDatabases.PG_USER, 50, new int[] {1, 2}, 1, false,
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(rows).extracting(QueueBenchmark.Row::workers).containsExactly(1, 2);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.tributaryPerSecond()).isPositive();
      assertThat(r.dbSchedulerLockAndFetchPerSecond()).isPositive();
      assertThat(r.dbSchedulerFetchAndLockPerSecond()).isPositive();
    });
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("queue benchmark: 50 no-op jobs per run").contains("ratio");
  }
}
