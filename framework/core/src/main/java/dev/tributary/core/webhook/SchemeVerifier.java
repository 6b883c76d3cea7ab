package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookVerifier;

/**
 * A framework verifier: the api's {@link WebhookVerifier} plus what the intake needs to tell a
 * vendor delivery id from a replay key. Time checks use {@link WebhookDelivery#receivedAt()} as
 * "now", so verification is deterministic for a given delivery. Thread-safe.
 */
interface SchemeVerifier extends WebhookVerifier {

  /**
   * Verifies {@code delivery}.
   *
   * @throws WebhookRejectedException naming the reason when the delivery must be refused
   */
  Verified check(WebhookDelivery delivery);

  /** True if the scheme signs a timestamp, so replays are bounded by the time window. */
  boolean timestamped();

  @Override
  default String verify(WebhookDelivery delivery) {
    return check(delivery).replayKey();
  }
}
