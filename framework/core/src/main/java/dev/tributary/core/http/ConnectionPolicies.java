package dev.tributary.core.http;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import dev.tributary.api.connector.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Failsafe policy state one connection shares across all its clients and threads: rate
 * limiter, bulkhead and circuit breaker. Failsafe times an open circuit with
 * {@code System.nanoTime()}; so that a fake clock can drive it, the breaker gets a practically
 * infinite delay and this class half-opens it when {@link HttpSettings#circuitOpenDelay()} has
 * passed on the injected clock.
 */
final class ConnectionPolicies {

  private static final Duration NEVER = Duration.ofDays(365 * 100);

  private final RateLimiter<Object> rateLimiter;
  private final Bulkhead<Object> bulkhead;
  private final CircuitBreaker<Object> breaker;
  private final Duration openDelay;
  private final Clock clock;
  private volatile Instant openedAt = Instant.MIN;

  ConnectionPolicies(RateLimit rateLimit, HttpSettings settings, Clock clock) {
    this.clock = clock;
    this.openDelay = settings.circuitOpenDelay();
    // Smooth, not bursty: a vendor's window limit is never crossed at a window boundary.
    this.rateLimiter = rateLimit.isUnlimited() ? null
        : RateLimiter.smoothBuilder(rateLimit.permits(), rateLimit.per()).build();
    this.bulkhead = Bulkhead.builder(settings.bulkheadMaxConcurrent())
        .withMaxWaitTime(settings.bulkheadMaxWait()).build();
    this.breaker = CircuitBreaker.builder()
        .withFailureThreshold(settings.circuitFailureThreshold())
        .withSuccessThreshold(settings.circuitSuccessThreshold())
        .withDelay(NEVER)
        .onOpen(e -> openedAt = clock.instant())
        .build();
  }

  /** How long to wait before the next request may go; reserves its permit. */
  Duration reserveRatePermit() {
    return rateLimiter == null ? Duration.ZERO : rateLimiter.reservePermit();
  }

  boolean acquireBulkhead(Duration maxWait) throws InterruptedException {
    return bulkhead.tryAcquirePermit(maxWait);
  }

  void releaseBulkhead() {
    bulkhead.releasePermit();
  }

  /** True if the circuit lets an attempt through. */
  boolean acquireCircuit() {
    synchronized (breaker) {
      if (breaker.isOpen() && !clock.instant().isBefore(openedAt.plus(openDelay))) {
        breaker.halfOpen();
      }
      return breaker.tryAcquirePermit();
    }
  }

  void recordSuccess() {
    breaker.recordSuccess();
  }

  void recordFailure() {
    breaker.recordFailure();
  }

  /** When an open circuit lets the next trial through. */
  Instant circuitRetryAt() {
    return openedAt.plus(openDelay);
  }

  CircuitBreaker.State circuitState() {
    return breaker.getState();
  }
}
