package dev.tributary.core.webhook;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import dev.tributary.api.webhook.WebhookVerifier;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each header problem is named precisely, with the reason that decides the HTTP status. */
class HeaderErrorsTest {

  static final Instant T = Instant.ofEpochSecond(1773151500);

  static void assertRefused(WebhookVerifier v, Map<String, String> headers, Reason reason, String message) {
    WebhookDelivery d = VendorExamplesTest.delivery("POST", "https://example.com/hook", headers, "{}", T);
    assertThatThrownBy(() -> v.verify(d)).isInstanceOf(WebhookRejectedException.class).hasMessage(message)
        .extracting(e -> ((WebhookRejectedException) e).reason()).isEqualTo(reason);
  }

  static Map<String, String> without(Map<String, String> m, String key) {
    Map<String, String> copy = new HashMap<>(m);
    copy.remove(key);
    return copy;
  }

  @Test
  void namesEachMissingStandardWebhooksHeader() {
    WebhookVerifier v = VendorExamplesTest.verifier(WebhookScheme.of(WebhookScheme.STANDARD_WEBHOOKS, null), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    Map<String, String> all = Map.of("webhook-id", "msg_1", "webhook-timestamp", "1773151500", "webhook-signature", "v1,AAAA");

    assertRefused(v, without(all, "webhook-id"), Reason.MISSING_HEADER, "missing header webhook-id");
    assertRefused(v, without(all, "webhook-timestamp"), Reason.MISSING_HEADER, "missing header webhook-timestamp");
    assertRefused(v, without(all, "webhook-signature"), Reason.MISSING_HEADER, "missing header webhook-signature");
    assertRefused(v, Map.of("webhook-id", "msg_1", "webhook-timestamp", "17731515OO", "webhook-signature", "v1,AAAA"),
        Reason.MALFORMED_HEADER, "header webhook-timestamp is not an epoch timestamp in seconds");
    assertRefused(v, Map.of("webhook-id", "msg_1", "webhook-timestamp", "1773151500", "webhook-signature", "v1a,AAAA"),
        Reason.MALFORMED_HEADER, "header webhook-signature has no v1 signature");
  }

  @Test
  void namesAMissingHubSpotTimestampAndTellsAMalformedSignatureFromAWrongOne() {
    WebhookVerifier v = VendorExamplesTest.verifier(WebhookScheme.of(WebhookScheme.HUBSPOT_V3, null), "secret");
    String sig = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=";

    assertRefused(v, Map.of("X-HubSpot-Signature-v3", sig), Reason.MISSING_HEADER, "missing header X-HubSpot-Request-Timestamp");
    assertRefused(v, Map.of("X-HubSpot-Signature-v3", sig, "X-HubSpot-Request-Timestamp", "-5"), Reason.MALFORMED_HEADER,
        "header X-HubSpot-Request-Timestamp is not an epoch timestamp in milliseconds");
    assertRefused(v, Map.of("X-HubSpot-Signature-v3", "AAAA", "X-HubSpot-Request-Timestamp", "1773151500000"),
        Reason.MALFORMED_HEADER, "header X-HubSpot-Signature-v3 is not a base64 HMAC-SHA256");
    assertRefused(v, Map.of("X-HubSpot-Signature-v3", sig, "X-HubSpot-Request-Timestamp", "1773151500000"),
        Reason.BAD_SIGNATURE, "signature in header X-HubSpot-Signature-v3 matches none of the 1 active secret(s)");
  }

  @Test
  void refusesAStripeHeaderWithTwoTimestampsOrNone() {
    WebhookVerifier v = VendorExamplesTest.verifier(WebhookScheme.of(WebhookScheme.STRIPE, null), "whsec_x");
    String v1 = "v1=" + "ab".repeat(32);

    assertRefused(v, Map.of("Stripe-Signature", "t=1773151500,t=1773151501," + v1), Reason.MALFORMED_HEADER,
        "header Stripe-Signature has more than one timestamp t=");
    assertRefused(v, Map.of("Stripe-Signature", v1), Reason.MALFORMED_HEADER, "header Stripe-Signature has no timestamp t=");
    assertRefused(v, Map.of("Stripe-Signature", "t=1773151500," + v1), Reason.BAD_SIGNATURE,
        "no v1 signature in header Stripe-Signature matches any of the 1 active secret(s)");
  }

  @Test
  void refusesAGitHubSignatureWithoutItsPrefixOrOfTheWrongLength() {
    WebhookVerifier v = VendorExamplesTest.verifier(WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery"), "s");
    String message = "header X-Hub-Signature-256 is not 'sha256=' followed by a 64-digit hex HMAC-SHA256";

    assertRefused(v, Map.of("X-Hub-Signature-256", "ab".repeat(32)), Reason.MALFORMED_HEADER, message);
    assertRefused(v, Map.of("X-Hub-Signature-256", "sha1=" + "ab".repeat(20)), Reason.MALFORMED_HEADER, message);
    assertRefused(v, Map.of("X-Hub-Signature-256", "sha256=" + "ab".repeat(20)), Reason.MALFORMED_HEADER, message);
    assertRefused(v, Map.of("X-Hub-Signature", "sha1=" + "ab".repeat(20)), Reason.MISSING_HEADER, "missing header X-Hub-Signature-256");
  }
}
