package dev.tributary.core.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the outbound HTTP pipeline for one connector: timeouts, retries, circuit breaker,
 * bulkhead and response limits. Immutable, thread-safe; {@link #defaults()} suits most vendors.
 * Use {@link #builder()}: every setter checks its argument at once, so a bad setting fails when
 * configured, never on the first request.
 *
 * @param connectTimeout TCP/TLS connect timeout of one attempt
 * @param readTimeout time until the response headers of one attempt arrive
 * @param maxAttempts attempts per call including the first (1 disables retries)
 * @param initialBackoff the backoff ceiling before the second attempt; doubles per attempt
 * @param maxBackoff the largest backoff ceiling; actual delays are uniformly jittered below it
 * @param maxRetryDuration no retry is started that would end its delay later than this after the
 *     call began
 * @param retryAfterCap the longest vendor {@code Retry-After} the client waits for in-line; a longer
 *     one ends the call with a {@code RateLimitedException} so the job can be rescheduled
 * @param circuitFailureThreshold consecutive failed attempts (5xx, timeouts, I/O errors) that open
 *     the connection's circuit
 * @param circuitOpenDelay how long an open circuit fails fast before letting one trial through
 * @param circuitSuccessThreshold successful trials in half-open state that close the circuit
 * @param bulkheadMaxConcurrent concurrent in-flight requests per connection
 * @param bulkheadMaxWait how long an attempt waits for a bulkhead slot
 * @param maxResponseBytes the largest response body read, counted after decompression
 * @param maxNestingDepth the deepest JSON nesting accepted
 * @param maxStringLength the longest JSON string accepted, in chars
 * @param maxNumberLength the longest JSON number accepted, in chars
 * @param idempotencyKeyHeader the request header whose presence makes a POST/PATCH retryable
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryDuration,
    Duration retryAfterCap,
    int circuitFailureThreshold,
    Duration circuitOpenDelay,
    int circuitSuccessThreshold,
    int bulkheadMaxConcurrent,
    Duration bulkheadMaxWait,
    long maxResponseBytes,
    int maxNestingDepth,
    int maxStringLength,
    int maxNumberLength,
    String idempotencyKeyHeader) {

  private static final HttpSettings DEFAULTS = new Builder().build();

  /** Validates like the builder, so no invalid instance exists. */
  public HttpSettings {
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    atLeast(maxAttempts, 1, "maxAttempts");
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be >= initialBackoff (" + initialBackoff + ")");
    }
    positive(maxRetryDuration, "maxRetryDuration");
    positive(retryAfterCap, "retryAfterCap");
    atLeast(circuitFailureThreshold, 1, "circuitFailureThreshold");
    positive(circuitOpenDelay, "circuitOpenDelay");
    atLeast(circuitSuccessThreshold, 1, "circuitSuccessThreshold");
    atLeast(bulkheadMaxConcurrent, 1, "bulkheadMaxConcurrent");
    Objects.requireNonNull(bulkheadMaxWait, "bulkheadMaxWait");
    if (bulkheadMaxWait.isNegative()) {
      throw new IllegalArgumentException("bulkheadMaxWait must be >= 0, was " + bulkheadMaxWait);
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1024, was " + maxResponseBytes);
    }
    atLeast(maxNestingDepth, 1, "maxNestingDepth");
    atLeast(maxStringLength, 1, "maxStringLength");
    atLeast(maxNumberLength, 1, "maxNumberLength");
    Objects.requireNonNull(idempotencyKeyHeader, "idempotencyKeyHeader");
    if (!idempotencyKeyHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException("idempotencyKeyHeader '" + idempotencyKeyHeader + "' is not a valid header name");
    }
  }

  /**
   * Connect 5 s, read 30 s, 4 attempts, backoff 500 ms doubling to 30 s with full jitter, retries
   * within 2 min, Retry-After honoured up to 60 s, circuit opens after 5 consecutive failures for
   * 30 s, 16 concurrent requests per connection, 16 MiB responses, JSON depth 200, strings of 10 M
   * chars, numbers of 1000 digits, {@code Idempotency-Key}.
   */
  public static HttpSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The Jackson read limits these settings imply. */
  public StreamReadConstraints streamReadConstraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(maxNestingDepth)
        .maxStringLength(maxStringLength)
        .maxNumberLength(maxNumberLength)
        .build();
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  private static void atLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }

  /** Builds {@link HttpSettings}. Each setter validates at once. Not thread-safe; reusable. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryDuration = Duration.ofMinutes(2);
    private Duration retryAfterCap = Duration.ofSeconds(60);
    private int circuitFailureThreshold = 5;
    private Duration circuitOpenDelay = Duration.ofSeconds(30);
    private int circuitSuccessThreshold = 1;
    private int bulkheadMaxConcurrent = 16;
    private Duration bulkheadMaxWait = Duration.ofSeconds(10);
    private long maxResponseBytes = 16L * 1024 * 1024;
    private int maxNestingDepth = 200;
    private int maxStringLength = 10_000_000;
    private int maxNumberLength = 1000;
    private String idempotencyKeyHeader = "Idempotency-Key";

    private Builder() {}

    private Builder(HttpSettings s) {
      connectTimeout = s.connectTimeout;
      readTimeout = s.readTimeout;
      maxAttempts = s.maxAttempts;
      initialBackoff = s.initialBackoff;
      maxBackoff = s.maxBackoff;
      maxRetryDuration = s.maxRetryDuration;
      retryAfterCap = s.retryAfterCap;
      circuitFailureThreshold = s.circuitFailureThreshold;
      circuitOpenDelay = s.circuitOpenDelay;
      circuitSuccessThreshold = s.circuitSuccessThreshold;
      bulkheadMaxConcurrent = s.bulkheadMaxConcurrent;
      bulkheadMaxWait = s.bulkheadMaxWait;
      maxResponseBytes = s.maxResponseBytes;
      maxNestingDepth = s.maxNestingDepth;
      maxStringLength = s.maxStringLength;
      maxNumberLength = s.maxNumberLength;
      idempotencyKeyHeader = s.idempotencyKeyHeader;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder connectTimeout(Duration d) {
      positive(d, "connectTimeout");
      connectTimeout = d;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder readTimeout(Duration d) {
      positive(d, "readTimeout");
      readTimeout = d;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder maxAttempts(int n) {
      atLeast(n, 1, "maxAttempts");
      maxAttempts = n;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder initialBackoff(Duration d) {
      positive(d, "initialBackoff");
      initialBackoff = d;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder maxBackoff(Duration d) {
      positive(d, "maxBackoff");
      maxBackoff = d;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder maxRetryDuration(Duration d) {
      positive(d, "maxRetryDuration");
      maxRetryDuration = d;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder retryAfterCap(Duration d) {
      positive(d, "retryAfterCap");
      retryAfterCap = d;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder circuitFailureThreshold(int n) {
      atLeast(n, 1, "circuitFailureThreshold");
      circuitFailureThreshold = n;
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder circuitOpenDelay(Duration d) {
      positive(d, "circuitOpenDelay");
      circuitOpenDelay = d;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder circuitSuccessThreshold(int n) {
      atLeast(n, 1, "circuitSuccessThreshold");
      circuitSuccessThreshold = n;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder bulkheadMaxConcurrent(int n) {
      atLeast(n, 1, "bulkheadMaxConcurrent");
      bulkheadMaxConcurrent = n;
      return this;
    }

    /** @throws IllegalArgumentException if negative */
    public Builder bulkheadMaxWait(Duration d) {
      Objects.requireNonNull(d, "bulkheadMaxWait");
      if (d.isNegative()) {
        throw new IllegalArgumentException("bulkheadMaxWait must be >= 0, was " + d);
      }
      bulkheadMaxWait = d;
      return this;
    }

    /** @throws IllegalArgumentException if below 1024 */
    public Builder maxResponseBytes(long n) {
      if (n < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be >= 1024, was " + n);
      }
      maxResponseBytes = n;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder maxNestingDepth(int n) {
      atLeast(n, 1, "maxNestingDepth");
      maxNestingDepth = n;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder maxStringLength(int n) {
      atLeast(n, 1, "maxStringLength");
      maxStringLength = n;
      return this;
    }

    /** @throws IllegalArgumentException if below 1 */
    public Builder maxNumberLength(int n) {
      atLeast(n, 1, "maxNumberLength");
      maxNumberLength = n;
      return this;
    }

    /** @throws IllegalArgumentException if not a valid header name */
    public Builder idempotencyKeyHeader(String name) {
      Objects.requireNonNull(name, "idempotencyKeyHeader");
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("idempotencyKeyHeader '" + name + "' is not a valid header name");
      }
      idempotencyKeyHeader = name;
      return this;
    }

    /** @throws IllegalArgumentException if maxBackoff is below initialBackoff */
    public HttpSettings build() {
      return new HttpSettings(connectTimeout, readTimeout, maxAttempts, initialBackoff, maxBackoff,
          maxRetryDuration, retryAfterCap, circuitFailureThreshold, circuitOpenDelay,
          circuitSuccessThreshold, bulkheadMaxConcurrent, bulkheadMaxWait, maxResponseBytes,
          maxNestingDepth, maxStringLength, maxNumberLength, idempotencyKeyHeader);
    }
  }
}
