package dev.tributary.api.webhook;

import java.util.Objects;

/**
 * A webhook delivery refused by verification. The message names what was wrong, never the body or
 * the secret.
 *
 * @since 1.0
 */
public class WebhookRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a delivery was refused; each is counted separately. */
  public enum Reason {
    MISSING_HEADER, MALFORMED_HEADER, BAD_SIGNATURE, STALE, FUTURE, REPLAY, TOO_LARGE, UNKNOWN_CONNECTION
  }

  private final Reason reason;

  public WebhookRejectedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the delivery was refused. */
  public Reason reason() {
    return reason;
  }
}
