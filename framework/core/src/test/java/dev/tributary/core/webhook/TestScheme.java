package dev.tributary.core.webhook;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.core.webhook.GenericHmacScheme.Encoding;
import dev.tributary.core.webhook.GenericHmacScheme.TimestampUnit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries the way each vendor does, written here independently of the verifiers (their
 * agreement with vendors' own examples is pinned in {@link VendorExamplesTest}).
 */
enum TestScheme {

  GITHUB(WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery"), false, "X-Hub-Signature-256", "sha256=zz"),
  STRIPE(WebhookScheme.of(WebhookScheme.STRIPE, null), true, "Stripe-Signature", "t=1773151500;v1=00"),
  HUBSPOT(WebhookScheme.of(WebhookScheme.HUBSPOT_V3, null), true, "X-HubSpot-Signature-v3", "not*base64"),
  STANDARD(WebhookScheme.of(WebhookScheme.STANDARD_WEBHOOKS, null), true, "webhook-signature", "v1"),
  GENERIC(WebhookScheme.of(GenericHmacScheme.TYPE, "X-Acme-Delivery"), true, "X-Acme-Signature", "v1=");

  final WebhookScheme scheme;
  final boolean timestamped;
  final String signatureHeader;
  final String malformedSignature;

  TestScheme(WebhookScheme scheme, boolean timestamped, String signatureHeader, String malformedSignature) {
    this.scheme = scheme;
    this.timestamped = timestamped;
    this.signatureHeader = signatureHeader;
    this.malformedSignature = malformedSignature;
  }

  static final String URI = "https://hooks.tributary.example.com/webhooks/acme";

  /** Two different secrets in the scheme's format; never logged. */
  Secret secret(String name) {
    String raw = "fictitious-" + name() + "-" + name + "-secret-value";
    return switch (this) {
      case STANDARD -> Secret.of("whsec_" + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)), "test:" + name);
      case STRIPE -> Secret.of("whsec_" + raw, "test:" + name);
      default -> Secret.of(raw, "test:" + name);
    };
  }

  WebhookEndpoint.Builder endpoint(String connectionId) {
    WebhookEndpoint.Builder b = WebhookEndpoint.builder(connectionId, scheme);
    if (this == GENERIC) {
      b.generic(GenericHmacScheme.builder("X-Acme-Signature").prefix("v1=").encoding(Encoding.BASE64)
          .timestampHeader("X-Acme-Timestamp", TimestampUnit.SECONDS).template("{timestamp}:{id}:{body}").build());
    }
    return b;
  }

  /** A delivery of {@code body} signed at {@code signedAt} with {@code secret}, received at {@code receivedAt}. */
  WebhookDelivery sign(byte[] body, Instant signedAt, Secret secret, String deliveryId, Instant receivedAt) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    String secs = Long.toString(signedAt.getEpochSecond());
    switch (this) {
      case GITHUB -> {
        h.put("X-GitHub-Delivery", deliveryId);
        h.put("X-Hub-Signature-256", "sha256=" + hex(hmac(secret.revealBytes(), body)));
      }
      case STRIPE -> h.put("Stripe-Signature", "t=" + secs + ",v1=" + hex(hmac(secret.revealBytes(), bytes(secs + "."), body)));
      case HUBSPOT -> {
        String ms = Long.toString(signedAt.toEpochMilli());
        h.put("X-HubSpot-Request-Timestamp", ms);
        h.put("X-HubSpot-Signature-v3", b64(hmac(secret.revealBytes(), bytes("POST" + URI), body, bytes(ms))));
      }
      case STANDARD -> {
        byte[] key = Base64.getDecoder().decode(secret.reveal().substring("whsec_".length()));
        h.put("webhook-id", deliveryId);
        h.put("webhook-timestamp", secs);
        h.put("webhook-signature", "v1," + b64(hmac(key, bytes(deliveryId + "." + secs + "."), body)));
      }
      case GENERIC -> {
        h.put("X-Acme-Delivery", deliveryId);
        h.put("X-Acme-Timestamp", secs);
        h.put("X-Acme-Signature", "v1=" + b64(hmac(secret.revealBytes(), bytes(secs + ":" + deliveryId + ":"), body)));
      }
    }
    return delivery(h, body, receivedAt);
  }

  /** Whether deliveries carry a vendor delivery id the intake uses as correlation id. */
  boolean hasVendorId() {
    return this == GITHUB || this == STANDARD || this == GENERIC;
  }

  static WebhookDelivery delivery(Map<String, String> headers, byte[] body, Instant receivedAt) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new WebhookDelivery("POST", URI, h, body, receivedAt);
  }

  static WebhookDelivery withHeader(WebhookDelivery d, String name, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>(d.headers());
    h.remove(name.toLowerCase(java.util.Locale.ROOT));
    if (value != null) {
      h.put(name, List.of(value));
    }
    return new WebhookDelivery(d.method(), d.uri(), h, d.body(), d.receivedAt());
  }

  static WebhookDelivery withBody(WebhookDelivery d, byte[] body) {
    return new WebhookDelivery(d.method(), d.uri(), d.headers(), body, d.receivedAt());
  }

  static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
