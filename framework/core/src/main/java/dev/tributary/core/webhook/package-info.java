/**
 * Inbound webhooks: the framework verifies every delivery so that no connector writes crypto.
 *
 * <p>The host's HTTP endpoint hands each raw request to {@link dev.tributary.core.webhook.WebhookIntake#receive}
 * and answers with the {@link dev.tributary.core.webhook.WebhookOutcome#httpStatus() status} it gets
 * back. The intake checks, in this order: the connection is registered, the body is within its size
 * limit (before any crypto), the signature and its timestamp window, replay (through the
 * {@link dev.tributary.api.store.StateStore}); it then hands the verified delivery to a
 * {@link dev.tributary.core.webhook.WebhookSink} (the job queue) and returns at once. Work never runs
 * inside the web request.
 *
 * <p>Schemes are selected by {@link dev.tributary.api.connector.WebhookScheme#type()}: GitHub-style
 * hex HMAC, Stripe, HubSpot v3, Standard Webhooks, and a configurable
 * {@link dev.tributary.core.webhook.GenericHmacScheme generic HMAC}. Each connection may have two
 * secrets active at once (current and previous) so secrets rotate without dropping deliveries.
 */
package dev.tributary.core.webhook;
