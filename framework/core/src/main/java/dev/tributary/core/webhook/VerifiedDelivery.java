package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import java.util.Objects;

/**
 * A delivery whose signature, time window and freshness were checked. Its {@link #toString()}
 * never shows the body. Immutable apart from the body array, which must not be modified.
 *
 * @param connectionId the connection it was addressed to
 * @param deliveryId the correlation id: the vendor's delivery id when it sent one, else generated
 * @param vendorDeliveryId true if {@code deliveryId} came from the vendor
 * @param delivery the raw delivery, exactly as received
 * @since 1.0
 */
public record VerifiedDelivery(String connectionId, String deliveryId, boolean vendorDeliveryId, WebhookDelivery delivery) {

  public VerifiedDelivery {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(delivery, "delivery");
  }
}
