package dev.tributary.core.health;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Service-level objectives the health rules hold the host to. A value goes amber at
 * {@link #warnFraction()} of its objective and red past it. Immutable; build with {@link #builder()}.
 *
 * @param updateLatency "updates visible within": the oldest due job must be younger (default 15 min)
 * @param syncCurrency each stream must have finished a sync within this (default 1 h)
 * @param syncCurrencyByConnection overrides of {@code syncCurrency} per connection id
 * @param errorRate the share of failing vendor calls over the last 5 minutes that is red (default 0.25)
 * @param minCalls fewer calls than this in the window say nothing about the error rate (default 10)
 * @param warnFraction where amber starts, as a share of each objective (default 0.8)
 */
public record Slo(Duration updateLatency, Duration syncCurrency, Map<String, Duration> syncCurrencyByConnection,
    double errorRate, int minCalls, double warnFraction) {

  public Slo {
    positive(updateLatency, "updateLatency");
    positive(syncCurrency, "syncCurrency");
    syncCurrencyByConnection = Map.copyOf(Objects.requireNonNull(syncCurrencyByConnection, "syncCurrencyByConnection"));
    syncCurrencyByConnection.forEach((id, d) -> positive(d, "syncCurrency of connection '" + id + "'"));
    if (!(errorRate > 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be in (0, 1], was " + errorRate);
    }
    if (minCalls < 1) {
      throw new IllegalArgumentException("minCalls must be >= 1, was " + minCalls);
    }
    if (!(warnFraction > 0 && warnFraction < 1)) {
      throw new IllegalArgumentException("warnFraction must be in (0, 1), was " + warnFraction);
    }
  }

  /** The defaults. */
  public static Slo defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sync currency objective of {@code connectionId}. */
  public Duration syncCurrency(String connectionId) {
    return syncCurrencyByConnection.getOrDefault(connectionId, syncCurrency);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /** Builds a {@link Slo}; checked at {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Duration updateLatency = Duration.ofMinutes(15);
    private Duration syncCurrency = Duration.ofHours(1);
    private Map<String, Duration> byConnection = Map.of();
    private double errorRate = 0.25;
    private int minCalls = 10;
    private double warnFraction = 0.8;

    private Builder() {}

    public Builder updateLatency(Duration d) {
      updateLatency = positive(d, "updateLatency");
      return this;
    }

    public Builder syncCurrency(Duration d) {
      syncCurrency = positive(d, "syncCurrency");
      return this;
    }

    public Builder syncCurrencyByConnection(Map<String, Duration> m) {
      byConnection = Map.copyOf(m);
      return this;
    }

    public Builder errorRate(double r) {
      errorRate = r;
      return this;
    }

    public Builder minCalls(int n) {
      minCalls = n;
      return this;
    }

    public Builder warnFraction(double f) {
      warnFraction = f;
      return this;
    }

    /** @throws IllegalArgumentException naming the first value out of range */
    public Slo build() {
      return new Slo(updateLatency, syncCurrency, byConnection, errorRate, minCalls, warnFraction);
    }
  }
}
