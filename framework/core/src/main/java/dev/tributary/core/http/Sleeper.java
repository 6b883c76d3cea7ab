package dev.tributary.core.http;

import java.time.Duration;

/**
 * Waits between attempts and for rate-limit permits. Production uses {@link #SYSTEM}; tests pass a
 * sleeper that records the delay and advances a fake clock instead of blocking. Thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /** Blocks the calling thread with {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM = d -> {
    if (!d.isZero() && !d.isNegative()) {
      Thread.sleep(d);
    }
  };

  /** Waits {@code duration}; zero or negative returns at once. */
  void sleep(Duration duration) throws InterruptedException;
}
