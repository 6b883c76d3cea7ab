package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, HMAC-SHA256 keyed by
 * the whole endpoint secret ({@code whsec_...} as text) over {@code t + "." + body}. Any matching
 * {@code v1} is enough (Stripe sends several while a rolled secret overlaps); other schemes such as
 * the test-mode {@code v0} are ignored, as are unreadable {@code v1} values, as the official
 * libraries do.
 */
final class StripeVerifier implements SchemeVerifier {

  static final String HEADER = "Stripe-Signature";

  private final List<SecretKeySpec> keys;
  private final TimeWindow window;

  StripeVerifier(List<byte[]> keys, TimeWindow window) {
    this.keys = keys.stream().map(Crypto::hmacKey).toList();
    this.window = window;
  }

  @Override
  public boolean timestamped() {
    return true;
  }

  @Override
  public Verified check(WebhookDelivery delivery) {
    String header = Headers.required(delivery, HEADER);
    String timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    boolean anyV1 = false;
    for (String item : header.split(",")) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw Headers.malformed("header " + HEADER + " is not a list of key=value pairs");
      }
      String key = item.substring(0, eq).strip();
      String value = item.substring(eq + 1).strip();
      if (key.equals("t")) {
        if (timestamp != null) {
          throw Headers.malformed("header " + HEADER + " has more than one timestamp t=");
        }
        timestamp = value;
      } else if (key.equals("v1")) {
        anyV1 = true;
        byte[] sig = Crypto.parseHexOrNull(value);
        if (sig != null && sig.length == Crypto.SHA256_BYTES) {
          signatures.add(sig);
        }
      }
    }
    if (timestamp == null) {
      throw Headers.malformed("header " + HEADER + " has no timestamp t=");
    }
    Instant signedAt = Headers.epoch(timestamp, false, "timestamp t= in header " + HEADER);
    if (!anyV1) {
      throw Headers.malformed("header " + HEADER + " has no v1 signature (v0 and other schemes are ignored)");
    }
    List<byte[]> content = List.of((timestamp + ".").getBytes(StandardCharsets.US_ASCII), delivery.body());
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (SecretKeySpec key : keys) {
      expected.add(Crypto.hmacSha256(key, content));
    }
    if (!Crypto.anyMatch(expected, signatures)) {
      throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "no v1 signature in header " + HEADER
          + " matches any of the " + keys.size() + " active secret(s)");
    }
    window.check(signedAt, delivery.receivedAt());
    // Keyed on the signed content, not on the matching v1: a replay that drops one of the v1
    // values (possible while secrets overlap) must still be recognised.
    return new Verified("content:" + Crypto.hex(Crypto.sha256(content)), Optional.empty());
  }
}
