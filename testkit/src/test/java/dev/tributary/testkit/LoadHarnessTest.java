package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import fixtures.contract.good.GoodProvider;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The load helper drives the good fixture at 10x the golden volume against a rate-limited golden server. */
@DisplayName("The load harness")
class LoadHarnessTest {

  @Test
  void syncsTenTimesTheGoldenVolumeThroughTheVendorsRateLimitAndReportsIt() {
    LoadHarness.Report r = LoadHarness.builder(new GoodProvider(), new GoodConnectorContractTest().settings(),
            LoadHarnessTest.class, "customers")
        .multiplier(10).vendorPermitsPerSecond(5).workers(4).build().run();

    assertThat(r.failedSyncs()).isZero();
    assertThat(r.pages()).isEqualTo(30);
    assertThat(r.records()).isEqualTo(50);
    assertThat(r.rateLimited()).as("30 requests against 5 per second must meet 429s").isPositive();
    assertThat(r.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(r.rateLimited()));
    assertThat(r.describe()).startsWith("10 syncs (0 failed): 30 pages, 50 records in ").contains("queue depth n/a (no queue)");
    System.out.println("load harness: " + r.describe());
  }
}
