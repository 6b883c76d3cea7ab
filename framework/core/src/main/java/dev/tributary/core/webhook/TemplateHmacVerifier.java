package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import dev.tributary.core.webhook.GenericHmacScheme.Encoding;
import dev.tributary.core.webhook.GenericHmacScheme.Field;
import dev.tributary.core.webhook.GenericHmacScheme.Literal;
import dev.tributary.core.webhook.GenericHmacScheme.Part;
import dev.tributary.core.webhook.GenericHmacScheme.TimestampUnit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 signature in one header over templated content: GitHub
 * ({@code X-Hub-Signature-256}), HubSpot v3 and the generic scheme are all instances.
 */
final class TemplateHmacVerifier implements SchemeVerifier {

  private final GenericHmacScheme scheme;
  private final List<SecretKeySpec> keys;
  private final TimeWindow window;
  private final String idHeader;
  private final UnaryOperator<String> uriCanonicalizer;

  /**
   * @param window required iff the scheme has a timestamp header
   * @param idHeader the delivery id header, or null
   * @param uriCanonicalizer turns the received URI into the signed one (HubSpot decodes some
   *     characters)
   */
  TemplateHmacVerifier(GenericHmacScheme scheme, List<byte[]> keys, TimeWindow window, String idHeader,
      UnaryOperator<String> uriCanonicalizer) {
    this.scheme = scheme;
    this.keys = keys.stream().map(Crypto::hmacKey).toList();
    this.window = window;
    this.idHeader = idHeader;
    this.uriCanonicalizer = uriCanonicalizer;
    if (scheme.timestampHeader().isPresent() != (window != null)) {
      throw new IllegalArgumentException("a time window is needed exactly when the scheme signs a timestamp");
    }
    if (scheme.signsId() && idHeader == null) {
      throw new IllegalArgumentException("template '" + scheme.template()
          + "' signs {id} but the scheme names no delivery id header");
    }
  }

  @Override
  public boolean timestamped() {
    return window != null;
  }

  @Override
  public Verified check(WebhookDelivery delivery) {
    String header = scheme.signatureHeader();
    String value = Headers.required(delivery, header);
    byte[] provided = decode(value, header);

    String timestamp = null;
    Instant signedAt = null;
    if (window != null) {
      String tsHeader = scheme.timestampHeader().orElseThrow();
      timestamp = Headers.required(delivery, tsHeader);
      signedAt = Headers.epoch(timestamp, scheme.timestampUnit() == TimestampUnit.MILLISECONDS, "header " + tsHeader);
    }
    Optional<String> id = idHeader == null ? Optional.empty()
        : delivery.header(idHeader).map(String::strip).filter(s -> !s.isEmpty());
    if (scheme.signsId() && id.isEmpty()) {
      throw new WebhookRejectedException(Reason.MISSING_HEADER, "missing header " + idHeader);
    }

    List<byte[]> content = content(delivery, timestamp, id.orElse(null));
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (SecretKeySpec key : keys) {
      expected.add(Crypto.hmacSha256(key, content));
    }
    if (!Crypto.anyMatch(expected, List.of(provided))) {
      throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "signature in header " + header
          + " matches none of the " + keys.size() + " active secret(s)");
    }
    if (window != null) {
      window.check(signedAt, delivery.receivedAt());
    }
    // The id is a safe replay key only when it is signed; otherwise the signed content is.
    String replayKey = scheme.signsId() ? "id:" + id.orElseThrow() : "content:" + Crypto.hex(Crypto.sha256(content));
    return new Verified(replayKey, id);
  }

  private byte[] decode(String value, String header) {
    String prefix = scheme.prefix();
    String encoded = value.regionMatches(true, 0, prefix, 0, prefix.length()) ? value.substring(prefix.length()) : null;
    byte[] bytes = encoded == null ? null
        : scheme.encoding() == Encoding.HEX ? Crypto.parseHexOrNull(encoded) : Crypto.parseBase64OrNull(encoded);
    if (bytes == null || bytes.length != Crypto.SHA256_BYTES) {
      String expected = (scheme.encoding() == Encoding.HEX ? "64-digit hex" : "base64") + " HMAC-SHA256";
      throw Headers.malformed("header " + header + " is not "
          + (prefix.isEmpty() ? "a " + expected : "'" + prefix + "' followed by a " + expected));
    }
    return bytes;
  }

  private List<byte[]> content(WebhookDelivery delivery, String timestamp, String id) {
    List<Part> parts = scheme.parts();
    List<byte[]> content = new ArrayList<>(parts.size());
    for (Part part : parts) {
      content.add(switch (part) {
        case Literal l -> l.bytes();
        case Field f -> switch (f) {
          case METHOD -> utf8(delivery.method());
          case URI -> utf8(uriCanonicalizer.apply(delivery.uri()));
          case BODY -> delivery.body();
          case TIMESTAMP -> utf8(timestamp);
          case ID -> utf8(id);
        };
      });
    }
    return content;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
