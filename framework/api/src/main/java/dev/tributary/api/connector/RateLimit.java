package dev.tributary.api.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side request budget for one connection: at most {@code permits} requests per
 * {@code per}. The framework enforces it before each request so a connection stays under the
 * vendor's limit instead of discovering it through 429s. Immutable, thread-safe.
 *
 * @since 1.0
 */
public record RateLimit(int permits, Duration per) {

  /** No client-side limit; the vendor's 429s are still honoured. */
  public static final RateLimit UNLIMITED = new RateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1));

  public RateLimit {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1, was " + permits);
    }
    Objects.requireNonNull(per, "per");
    if (per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("per must be positive, was " + per);
    }
  }

  /** {@code permits} requests every {@code per}. */
  public static RateLimit of(int permits, Duration per) {
    return new RateLimit(permits, per);
  }

  /** True for {@link #UNLIMITED}. */
  public boolean isUnlimited() {
    return permits == Integer.MAX_VALUE;
  }
}
