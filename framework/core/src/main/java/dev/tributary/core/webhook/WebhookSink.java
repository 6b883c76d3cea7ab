package dev.tributary.core.webhook;

/**
 * Where verified deliveries go: the host binds it to the durable job queue. {@link #enqueue} must
 * be quick and durable: once it returns, the vendor is told the delivery was accepted and will not
 * send it again. Thread-safe.
 *
 * @since 1.0
 */
@FunctionalInterface
public interface WebhookSink {

  /**
   * Stores {@code delivery} for processing.
   *
   * @throws RuntimeException if it could not be stored; the intake then answers 503 and forgets
   *     the delivery's replay key so that the vendor's retry is accepted
   */
  void enqueue(VerifiedDelivery delivery);
}
