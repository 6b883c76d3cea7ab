package dev.tributary.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified webhook delivery, queued for processing after the host acknowledged it.
 *
 * @param deliveryId the vendor's delivery id (dedupes redeliveries while one is queued)
 * @param eventType the vendor's event type, e.g. {@code customer.updated}
 * @param body the delivery's JSON body
 */
public record WebhookEvent(String connectionId, String deliveryId, String eventType, JsonNode body,
    Optional<String> correlationId) {
  public WebhookEvent {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(correlationId, "correlationId");
  }
}
