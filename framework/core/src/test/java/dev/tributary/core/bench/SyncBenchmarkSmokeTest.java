package dev.tributary.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark harness working: both sides sync every record of a tiny run on H2. No timing is asserted. */
class SyncBenchmarkSmokeTest {

  @Test
  void bothSidesSyncEveryRecordOfATinyRun() throws Exception {
    SyncBenchmark.Options options = new SyncBenchmark.Options(450, List.of("h2"), 1, false, 100,
        "jdbc:postgresql://127.0.0.1:5432/test", false);

    List<SyncBenchmark.DbReport> reports = SyncBenchmark.run(options);

    assertThat(reports).hasSize(1);
    SyncBenchmark.DbReport h2 = reports.get(0);
    assertThat(h2.db()).isEqualTo("h2");
    assertThat(h2.raw()).singleElement().satisfies(t -> assertThat(t.records()).isEqualTo(450));
    assertThat(h2.engine()).singleElement().satisfies(t -> assertThat(t.records()).isEqualTo(450));
    assertThat(h2.ratio()).isPositive();
  }

  @Test
  void rejectsAnUnknownOption() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncBenchmark.Options.parse("--recs", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option '--recs'; use --records N, --db h2|postgres|both, --rounds R, --engine-only,"
            + " --page-size P, --pg-url URL");
  }
}
