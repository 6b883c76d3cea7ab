package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * What the intake decided about one delivery, with the HTTP status to answer. Rejections map to:
 *
 * <table>
 * <caption>HTTP status per rejection reason</caption>
 * <tr><th>reason</th><th>status</th><th>why</th></tr>
 * <tr><td>MISSING_HEADER, MALFORMED_HEADER</td><td>400</td><td>the request is not a signed delivery</td></tr>
 * <tr><td>BAD_SIGNATURE, STALE, FUTURE</td><td>401</td><td>the signature, or its signed timestamp, does not authenticate the request</td></tr>
 * <tr><td>UNKNOWN_CONNECTION</td><td>404</td><td>no endpoint for that connection</td></tr>
 * <tr><td>REPLAY</td><td>409</td><td>already received within the replay window</td></tr>
 * <tr><td>TOO_LARGE</td><td>413</td><td>over the body limit</td></tr>
 * </table>
 *
 * An accepted delivery answers 202 (queued, not yet processed); an unavailable sink or state store
 * answers 503 so that the vendor retries.
 *
 * @since 1.0
 */
public sealed interface WebhookOutcome {

  /** The status code the host answers with. */
  int httpStatus();

  /** The HTTP status for a rejection {@code reason}, per the table above. */
  static int httpStatus(Reason reason) {
    return switch (reason) {
      case MISSING_HEADER, MALFORMED_HEADER -> 400;
      case BAD_SIGNATURE, STALE, FUTURE -> 401;
      case UNKNOWN_CONNECTION -> 404;
      case REPLAY -> 409;
      case TOO_LARGE -> 413;
    };
  }

  /**
   * Verified and queued.
   *
   * @param connectionId the connection
   * @param deliveryId the correlation id handed to the sink
   */
  record Accepted(String connectionId, String deliveryId) implements WebhookOutcome {
    @Override
    public int httpStatus() {
      return 202;
    }
  }

  /**
   * Refused; nothing was queued.
   *
   * @param reason why
   * @param message what was wrong, safe to log and to send back: never the body or a secret
   * @param deliveryId the vendor's delivery id when known
   */
  record Rejected(Reason reason, String message, Optional<String> deliveryId) implements WebhookOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(deliveryId, "deliveryId");
    }

    @Override
    public int httpStatus() {
      return WebhookOutcome.httpStatus(reason);
    }
  }

  /**
   * Authentic, but could not be stored now; the vendor should retry.
   *
   * @param message what failed, without the body or secrets
   */
  record Unavailable(String message) implements WebhookOutcome {
    @Override
    public int httpStatus() {
      return 503;
    }
  }
}
