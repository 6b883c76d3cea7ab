package dev.tributary.api.connector;

import java.util.Objects;

/**
 * How a vendor signs the webhook deliveries it sends; the framework verifies them with its own
 * crypto, so a connector only names the scheme. Immutable, thread-safe.
 *
 * @param type one of the constants below, or {@link #NONE}
 * @param deliveryIdHeader the header carrying a unique delivery id used for replay protection, or
 *     {@code null} when the scheme has none (the signature is used instead)
 * @since 1.0
 */
public record WebhookScheme(String type, String deliveryIdHeader) {

  public static final String NONE = "none";
  /** {@code X-Hub-Signature-256: sha256=<hex>} over the raw body. */
  public static final String HMAC_SHA256_HEX = "hmac-sha256-hex";
  /** {@code Stripe-Signature: t=...,v1=...}. */
  public static final String STRIPE = "stripe";
  /** {@code X-HubSpot-Signature-v3}. */
  public static final String HUBSPOT_V3 = "hubspot-v3";
  /** The Standard Webhooks specification ({@code webhook-id}, {@code webhook-signature}). */
  public static final String STANDARD_WEBHOOKS = "standard-webhooks";

  public WebhookScheme {
    Objects.requireNonNull(type, "type");
  }

  /** The connector accepts no webhooks. */
  public static WebhookScheme none() {
    return new WebhookScheme(NONE, null);
  }

  /** A scheme of the given type. */
  public static WebhookScheme of(String type, String deliveryIdHeader) {
    return new WebhookScheme(type, deliveryIdHeader);
  }
}
