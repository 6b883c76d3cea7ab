package dev.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The build's smoke run of the whole set at tiny sizes, so no harness can rot: every section is
 * produced and the single-flight token refresh holds. No speed is asserted (speed lives in the run).
 */
class RunAllSmokeTest {

  @Test
  void aQuickRunProducesEverySectionOfTheReport() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    String md = RunAll.run(RunAll.Options.parse("--quick"), new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(md).startsWith("# Benchmark results\n\nRun ").contains("Quick smoke run")
        .contains("## Goals\n").contains("## Sync, 300 records").contains("| h2 | tributary |").contains("| h2 | camel |")
        .contains("## Memory: 300 records under -Xmx256m").contains("## Token refresh under contention")
        .contains("| 50 | 1 |").contains("## Webhooks").contains("## Start-up").contains("| 7 (+2 generated) |");
    assertThat(md).containsAnyOf("Two processes (child JVMs, 2 workers each) sharing the queue",
        "## Queue\n\nSkipped: needs PostgreSQL.");
  }

  @Test
  void rejectsAnUnknownBenchmarkName() {
    assertThatThrownBy(() -> RunAll.Options.parse("--only", "sync,cron"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown benchmark 'cron'; use one or more of sync,memory,queue,token,webhook,startup");
  }
}
