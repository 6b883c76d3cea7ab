package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.time.Duration;
import java.time.Instant;

/**
 * Accepts a signed timestamp from {@code tolerance} before receipt up to {@code clockSkew} after it,
 * both bounds inclusive.
 */
record TimeWindow(Duration tolerance, Duration clockSkew) {

  void check(Instant signedAt, Instant receivedAt) {
    if (signedAt.isBefore(receivedAt.minus(tolerance))) {
      long age = Duration.between(signedAt, receivedAt).toSeconds();
      throw new WebhookRejectedException(Reason.STALE, "signed timestamp is " + age
          + " s older than the receipt time; the tolerance is " + tolerance.toSeconds() + " s");
    }
    if (signedAt.isAfter(receivedAt.plus(clockSkew))) {
      long ahead = Duration.between(receivedAt, signedAt).toSeconds();
      throw new WebhookRejectedException(Reason.FUTURE, "signed timestamp is " + ahead
          + " s in the future; the allowed clock skew is " + clockSkew.toSeconds() + " s");
    }
  }

  /** How long a replay key must be remembered to cover every delivery this window accepts. */
  Duration replayTtl() {
    return tolerance.plus(clockSkew);
  }
}
