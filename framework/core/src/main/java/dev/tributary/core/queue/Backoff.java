package dev.tributary.core.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Delay before a failed job's next attempt: exponential ({@code initial * 2^(attempt-1)}, capped
 * at {@code max}) minus a random share of up to {@code jitter} of it, so that jobs failing
 * together do not retry together. Immutable, thread-safe.
 *
 * @param initial delay after the first failed attempt, before jitter
 * @param max cap before jitter
 * @param jitter 0 (none) to 1 (anywhere between 0 and the delay)
 */
public record Backoff(Duration initial, Duration max, double jitter) {

  /** 10 s, doubling, at most 1 h, up to half of it random. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 0.5);

  /** @throws IllegalArgumentException if a delay is not positive, max is below initial, or jitter is outside 0..1 */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial delay must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max delay must be >= initial (" + initial + "), was " + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** The delay after failed attempt number {@code attempt} (from 1). */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1, was " + attempt);
    }
    long base = initial.toMillis();
    long cap = max.toMillis();
    long d = base;
    for (int i = 1; i < attempt && d < cap; i++) {
      d = d * 2;
    }
    d = Math.min(d, cap);
    long off = (long) (d * jitter * random.nextDouble());
    return Duration.ofMillis(d - off);
  }
}
