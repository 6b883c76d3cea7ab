package dev.tributary.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.http.VendorCallListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TributaryMetricsTest {

  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-26T12:00:30Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final MovingClock clock = new MovingClock();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TributaryMetrics metrics = new TributaryMetrics(registry, clock, Duration.ZERO);

  void attempt(int status, String outcome, int attempt) {
    metrics.vendorCalls().onAttempt(new VendorCallListener.Event("hubspot", "acme", "GET", "/crm/v3/objects/{type}",
        status, outcome, attempt, Duration.ofMillis(120), "c0ffee"));
  }

  @Test
  void theErrorRateCoversTheLastFiveMinutesAndForgetsOlderCalls() {
    attempt(503, "http_error", 1);
    attempt(503, "http_error", 2);
    attempt(200, "ok", 3);
    assertThat(metrics.recentCalls("acme")).isEqualTo(new TributaryMetrics.CallCounts(3, 2));

    clock.now = clock.now.plus(Duration.ofMinutes(4));
    attempt(200, "ok", 1);
    assertThat(metrics.recentCalls("acme")).isEqualTo(new TributaryMetrics.CallCounts(4, 2));

    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(metrics.recentCalls("acme")).isEqualTo(new TributaryMetrics.CallCounts(1, 0));
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(metrics.recentCalls("acme").rate()).isZero();
  }

  @Test
  void ordinaryClientErrorsAreNotVendorErrorsButRateLimitsAndRefusedCredentialsAre() {
    attempt(404, "http_error", 1);
    attempt(422, "http_error", 1);
    attempt(429, "http_error", 1);
    attempt(401, "http_error", 1);
    attempt(0, "timeout", 1);
    assertThat(metrics.recentCalls("acme")).isEqualTo(new TributaryMetrics.CallCounts(5, 3));
    assertThat(registry.get("tributary.vendor.rate.limited").counter().count()).isEqualTo(1);
  }

  @Test
  void retriesAreCountedAndTheCircuitGaugeFollowsTheLastAttempt() {
    attempt(503, "http_error", 1);
    attempt(0, "circuit_open", 2);
    assertThat(registry.get("tributary.vendor.retries").counter().count()).isEqualTo(1);
    assertThat(metrics.circuitOpen("acme")).isTrue();
    assertThat(registry.get("tributary.vendor.circuit.open").gauge().value()).isEqualTo(1);
    attempt(200, "ok", 1);
    assertThat(metrics.circuitOpen("acme")).isFalse();
    assertThat(registry.get("tributary.vendor.calls").tags("status_class", "5xx").timer().count()).isEqualTo(1);
  }
}
