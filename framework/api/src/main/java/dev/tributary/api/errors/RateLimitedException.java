package dev.tributary.api.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * The vendor said to slow down (429, or a 403 carrying a rate-limit signal) and retries did not
 * get through within their budget. The job is retried after {@link #retryAfter()}.
 *
 * @since 1.0
 */
public class RateLimitedException extends VendorException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitedException(VendorCall call, String message, Duration retryAfter) {
    super(call, message);
    this.retryAfter = retryAfter;
  }

  /** How long the vendor asked to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
