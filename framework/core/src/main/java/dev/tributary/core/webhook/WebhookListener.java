package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookRejectedException.Reason;

/**
 * Observes the intake's outcomes, e.g. to count them in Micrometer. Called on the request thread:
 * keep it quick. An exception thrown here is logged and ignored. Thread-safe.
 *
 * @since 1.0
 */
public interface WebhookListener {

  /** A listener that does nothing. */
  WebhookListener NONE = new WebhookListener() {};

  /** A delivery was verified and handed to the sink. */
  default void onAccepted(String connectionId, String deliveryId) {}

  /**
   * A delivery was refused.
   *
   * @param connectionId the registered connection, or the empty string for
   *     {@link Reason#UNKNOWN_CONNECTION} (the requested id is untrusted input and must not become
   *     a metric tag)
   */
  default void onRejected(String connectionId, Reason reason) {}

  /** A verified delivery could not be stored (sink or state store down); the vendor will retry. */
  default void onUnavailable(String connectionId) {}
}
