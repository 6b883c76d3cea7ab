package dev.tributary.core.queue;

/**
 * Processes a queued {@link WebhookEvent} (implemented by the webhook layer or a connector).
 * Delivery is at-least-once: processing must be idempotent, e.g. an upsert keyed by the event's
 * object. Throw to retry with backoff, {@link PermanentJobException} to dead-letter.
 */
@FunctionalInterface
public interface WebhookEventProcessor {
  void process(WebhookEvent event) throws Exception;
}
