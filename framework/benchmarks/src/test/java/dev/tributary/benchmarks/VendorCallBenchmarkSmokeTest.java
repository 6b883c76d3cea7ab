package dev.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the harness from rotting: runs each benchmark method a few times, without JMH. */
class VendorCallBenchmarkSmokeTest {

  @Test
  void bothPathsReturnTheSameRecordsFromTheLoopbackServer() throws Exception {
    VendorCallBenchmark bench = new VendorCallBenchmark();
    bench.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        List<VendorCallBenchmark.Item> viaPipeline = bench.pipeline();
        List<VendorCallBenchmark.Item> viaRaw = bench.raw();

        assertThat(viaPipeline).hasSize(20).isEqualTo(viaRaw);
        assertThat(viaPipeline.get(3)).isEqualTo(new VendorCallBenchmark.Item("item-3", "Item number 3", 1_700_000_000_003L));
      }
    } finally {
      bench.tearDown();
    }
  }
}
