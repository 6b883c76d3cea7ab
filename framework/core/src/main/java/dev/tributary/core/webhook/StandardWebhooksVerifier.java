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
 * Standard Webhooks (standardwebhooks.com): headers {@code webhook-id}, {@code webhook-timestamp}
 * (unix seconds) and {@code webhook-signature}, a space-separated list of {@code v1,<base64>};
 * HMAC-SHA256 over {@code id + "." + timestamp + "." + body}, keyed by the base64 part of a
 * {@code whsec_} secret. Other versions ({@code v1a}, ...) and unreadable values are ignored. The
 * id is signed, so it is the replay key.
 */
final class StandardWebhooksVerifier implements SchemeVerifier {

  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  static final String SECRET_PREFIX = "whsec_";

  private final List<SecretKeySpec> keys;
  private final TimeWindow window;

  StandardWebhooksVerifier(List<byte[]> keys, TimeWindow window) {
    this.keys = keys.stream().map(Crypto::hmacKey).toList();
    this.window = window;
  }

  /**
   * The HMAC key of a Standard Webhooks secret: base64 after an optional {@code whsec_} prefix.
   *
   * @throws IllegalArgumentException naming the secret's source (never its value) if it is not one
   */
  static byte[] key(dev.tributary.api.credential.Secret secret) {
    String value = secret.reveal();
    String encoded = value.startsWith(SECRET_PREFIX) ? value.substring(SECRET_PREFIX.length()) : value;
    byte[] key = Crypto.parseBase64OrNull(encoded);
    if (key == null) {
      throw new IllegalArgumentException("secret from " + secret.source()
          + " is not a Standard Webhooks secret: expected 'whsec_' followed by base64");
    }
    return key;
  }

  @Override
  public boolean timestamped() {
    return true;
  }

  @Override
  public Verified check(WebhookDelivery delivery) {
    String id = Headers.required(delivery, ID);
    String timestamp = Headers.required(delivery, TIMESTAMP);
    String header = Headers.required(delivery, SIGNATURE);
    Instant signedAt = Headers.epoch(timestamp, false, "header " + TIMESTAMP);
    List<byte[]> signatures = new ArrayList<>();
    boolean anyV1 = false;
    for (String entry : header.split(" ")) {
      if (entry.isEmpty()) {
        continue;
      }
      int comma = entry.indexOf(',');
      if (comma <= 0) {
        throw Headers.malformed("header " + SIGNATURE + " is not a space-separated list of version,signature");
      }
      if (entry.substring(0, comma).equals("v1")) {
        anyV1 = true;
        byte[] sig = Crypto.parseBase64OrNull(entry.substring(comma + 1));
        if (sig != null && sig.length == Crypto.SHA256_BYTES) {
          signatures.add(sig);
        }
      }
    }
    if (!anyV1) {
      throw Headers.malformed("header " + SIGNATURE + " has no v1 signature");
    }
    List<byte[]> content = List.of((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), delivery.body());
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (SecretKeySpec key : keys) {
      expected.add(Crypto.hmacSha256(key, content));
    }
    if (!Crypto.anyMatch(expected, signatures)) {
      throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "no v1 signature in header " + SIGNATURE
          + " matches any of the " + keys.size() + " active secret(s)");
    }
    window.check(signedAt, delivery.receivedAt());
    return new Verified("id:" + id, Optional.of(id));
  }
}
