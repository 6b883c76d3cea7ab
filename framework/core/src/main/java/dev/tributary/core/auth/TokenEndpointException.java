package dev.tributary.core.auth;

/**
 * The token endpoint could not be used: it stayed unavailable (5xx, timeouts, connection errors)
 * through every retry, or answered something that is not a token response. The message names the
 * endpoint and the last failure, redacted.
 */
public final class TokenEndpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean retriable;

  public TokenEndpointException(String message, int status, boolean retriable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retriable = retriable;
  }

  /** The last HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** True when the same request may succeed later (the endpoint was unavailable). */
  public boolean isRetriable() {
    return retriable;
  }
}
