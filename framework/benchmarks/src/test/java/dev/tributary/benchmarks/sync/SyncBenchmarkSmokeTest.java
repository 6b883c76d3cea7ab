package dev.tributary.benchmarks.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the sync harness working: every side syncs every record of a tiny throttled run on H2. No timing is asserted. */
class SyncBenchmarkSmokeTest {

  @Test
  void everySideSyncsEveryRecordOfATinyRunThroughTheVendorsRateLimits() throws Exception {
    SyncBenchmark.Options options = SyncBenchmark.Options.parse("--records", "450", "--db", "h2", "--rounds", "1",
        "--throttle-every", "3", "--no-warmup");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<SyncBenchmark.DbReport> reports = SyncBenchmark.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(reports).singleElement().satisfies(h2 -> {
      assertThat(h2.db()).isEqualTo("h2");
      assertThat(h2.runs()).containsOnlyKeys("raw", "tributary", "camel");
      h2.runs().values().forEach(runs -> assertThat(runs).singleElement()
          .satisfies(c -> {
            assertThat(c.records()).isEqualTo(450);
            assertThat(c.cpuNanos()).isPositive();
            assertThat(c.peakHeapBytes()).isPositive();
          }));
      assertThat(h2.medianRatio("tributary", "raw")).isPositive();
    });
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("every 3-th request 429").contains("round 1 camel");
  }

  @Test
  void rejectsAnUnknownOption() {
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--recs", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option '--recs'; use --records N, --db h2|postgres|both, --rounds R, --sides raw,tributary,camel,"
            + " --page-size P, --throttle-every K, --retry-after S, --pg-url URL, --no-warmup");
  }

  @Test
  void rejectsAnUnknownSide() {
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--sides", "raw,spring"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown side 'spring'; use raw, tributary or camel");
  }
}
