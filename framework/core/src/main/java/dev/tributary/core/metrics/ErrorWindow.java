package dev.tributary.core.metrics;

import java.time.Clock;
import java.time.Duration;

/**
 * Calls and errors of one connection over a sliding window, in one-minute buckets, for health
 * rules that need a recent error rate rather than Prometheus' lifetime counters. Thread-safe.
 */
final class ErrorWindow {

  private final Clock clock;
  private final int minutes;
  private final long[] bucketMinute;
  private final long[] calls;
  private final long[] errors;

  ErrorWindow(Clock clock, Duration window) {
    this.clock = clock;
    this.minutes = (int) Math.max(1, window.toMinutes());
    this.bucketMinute = new long[minutes];
    this.calls = new long[minutes];
    this.errors = new long[minutes];
    java.util.Arrays.fill(bucketMinute, Long.MIN_VALUE);
  }

  synchronized void record(boolean error) {
    long minute = Math.floorDiv(clock.millis(), 60_000L);
    int i = (int) Math.floorMod(minute, (long) minutes);
    if (bucketMinute[i] != minute) {
      bucketMinute[i] = minute;
      calls[i] = 0;
      errors[i] = 0;
    }
    calls[i]++;
    if (error) {
      errors[i]++;
    }
  }

  /** Calls and errors in the window ending now. */
  synchronized TributaryMetrics.CallCounts counts() {
    long now = Math.floorDiv(clock.millis(), 60_000L);
    long c = 0;
    long e = 0;
    for (int i = 0; i < minutes; i++) {
      if (bucketMinute[i] > now - minutes && bucketMinute[i] <= now) {
        c += calls[i];
        e += errors[i];
      }
    }
    return new TributaryMetrics.CallCounts(c, e);
  }
}
