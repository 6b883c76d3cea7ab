/**
 * Inbound webhooks: the framework verifies every delivery so that no connector writes crypto.
 *
 * <p>The host's HTTP endpoint hands each raw request to {@link dev.tributary.core.webhook.WebhookIntake#receive}
 * and answers with the {@link dev.tributary.core.webhook.WebhookOutcome#httpStatus() status} it gets
 * back. The intake checks, in this order: the connection is registered, the body is within its size
 * limit (before any crypto), the headers, the signature against each active secret and then the
 * signed timestamp's window, and replay (through the {@link dev.tributary.api.store.StateStore}); it
 * then hands the verified delivery to a {@link dev.tributary.core.webhook.WebhookSink} (the job
 * queue) and returns at once. Work never runs inside the web request.
 *
 * <p>Schemes are selected by {@link dev.tributary.api.connector.WebhookScheme#type()}: GitHub-style
 * hex HMAC, Stripe, HubSpot v3, Standard Webhooks, and a configurable
 * {@link dev.tributary.core.webhook.GenericHmacScheme generic HMAC}. Each connection may have two
 * secrets active at once (current and previous) so secrets rotate without dropping deliveries.
 *
 * <p>Design notes:
 * <ul>
 *   <li>Signatures are computed over the raw bytes received, part by part (the body is never
 *       copied or re-serialized), and compared with {@link java.security.MessageDigest#isEqual}.
 *   <li>"Now" for the time window is {@link dev.tributary.api.webhook.WebhookDelivery#receivedAt()},
 *       set by the host, so verification is deterministic and tests need no clock.
 *   <li>A signature is checked before its timestamp, so STALE and FUTURE mean "authentic but out
 *       of its window"; forgeries are always BAD_SIGNATURE.
 *   <li>The replay key comes only from signed material: the signed delivery id where the scheme
 *       signs one (Standard Webhooks, a generic template with {@code {id}}), else a SHA-256 of the
 *       signed content. An unsigned id header (GitHub's {@code X-GitHub-Delivery}) is only a
 *       correlation id: changing it does not make a replay pass, and neither does dropping one of
 *       several signatures. Keys live for tolerance + clock skew (timestamped schemes) or 24 h
 *       (schemes without timestamp, where an older capture cannot be told from a new delivery).
 *   <li>The signed URI (HubSpot v3) is {@code WebhookDelivery.uri()}: the host must pass the public
 *       URL the vendor called, not the one seen behind a proxy.
 * </ul>
 */
package dev.tributary.core.webhook;
