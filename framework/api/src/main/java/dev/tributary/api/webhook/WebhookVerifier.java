package dev.tributary.api.webhook;

/**
 * Decides whether an inbound delivery really comes from the vendor. The framework supplies
 * verifiers for the common schemes (see {@link dev.tributary.api.connector.WebhookScheme}); a
 * connector binds its own only for a scheme the framework lacks, and even then should compose the
 * framework's HMAC building blocks rather than write crypto. Thread-safe.
 *
 * @since 1.0
 */
public interface WebhookVerifier {

  /**
   * Verifies {@code delivery}.
   *
   * @return the delivery's id for replay protection (a vendor delivery id, or the signature)
   * @throws WebhookRejectedException naming the reason when the delivery must be refused
   */
  String verify(WebhookDelivery delivery);
}
