package dev.tributary.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import dev.tributary.api.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each verifier against the vendor's own published example (docs or official library tests) and
 * against the recorded samples in {@code src/test/resources/vendors} with their fictitious secrets.
 */
class VendorExamplesTest {

  static WebhookDelivery delivery(String method, String uri, Map<String, String> headers, String body, Instant receivedAt) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new WebhookDelivery(method, uri, h, body.getBytes(StandardCharsets.UTF_8), receivedAt);
  }

  static WebhookVerifier verifier(WebhookScheme scheme, String secret) {
    return WebhookEndpoint.builder("test", scheme).secrets(List.of(Secret.of(secret, "test:secret"))).build().verifier();
  }

  @Nested
  @DisplayName("GitHub (hmac-sha256-hex)")
  class GitHub {
    final WebhookScheme scheme = WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery");

    @Test
    void acceptsTheExampleFromGitHubsValidatingDeliveriesPage() {
      // docs.github.com "Validating webhook deliveries": secret, payload and header as published.
      WebhookDelivery d = delivery("POST", "https://example.com/hook",
          Map.of("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
          "Hello, World!", Instant.EPOCH);

      String id = verifier(scheme, "It's a Secret to Everybody").verify(d);

      assertThat(id).isEqualTo("content:" + Crypto.hex(Crypto.sha256(List.of("Hello, World!".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void acceptsTheRecordedIssuesOpenedSampleWithItsFictitiousSecret() {
      WebhookDelivery d = VendorSample.load("github/webhook-issues-opened", Instant.parse("2026-03-10T14:05:00Z"));

      WebhookVerifier v = verifier(scheme, "tributary-fictitious-webhook-secret");

      assertThat(v.verify(d)).startsWith("content:");
    }

    @Test
    void refusesTheSampleUnderAnotherSecret() {
      WebhookDelivery d = VendorSample.load("github/webhook-issues-opened", Instant.parse("2026-03-10T14:05:00Z"));

      assertThatThrownBy(() -> verifier(scheme, "It's a Secret to Everybody").verify(d))
          .isInstanceOf(WebhookRejectedException.class)
          .hasMessage("signature in header X-Hub-Signature-256 matches none of the 1 active secret(s)")
          .extracting(e -> ((WebhookRejectedException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("Stripe")
  class Stripe {
    final WebhookScheme scheme = WebhookScheme.of(WebhookScheme.STRIPE, null);
    // stripe-java WebhookTest fixture (payload and secret); Stripe publishes no fixed signature,
    // so this one was computed independently with Python's hmac for t=1773151500.
    final String payload = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    final String signature = "c3969118be451812ee4598959a7c079aa14f6f994c2668beebb8650472308795";
    final Instant t = Instant.ofEpochSecond(1773151500);

    @Test
    void acceptsTheStripeJavaFixtureSignedByAnIndependentImplementation() {
      WebhookDelivery d = delivery("POST", "https://example.com/hook",
          Map.of("Stripe-Signature", "t=1773151500,v1=" + signature), payload, t);

      assertThat(verifier(scheme, "whsec_test_secret").verify(d)).startsWith("content:");
    }

    @Test
    void acceptsAHeaderWhereOneOfSeveralV1SignaturesMatchesAndV0IsIgnored() {
      // As stripe-java testHeaderContainsValidSignature: an unreadable extra v1 is ignored.
      WebhookDelivery d = delivery("POST", "https://example.com/hook",
          Map.of("Stripe-Signature", "t=1773151500,v1=" + "ab".repeat(32) + ",v1=" + signature
              + ",v1=bad_signature,v0=" + "cd".repeat(32)), payload, t);

      assertThat(verifier(scheme, "whsec_test_secret").verify(d)).startsWith("content:");
    }

    @Test
    void refusesAHeaderWithOnlyAV0Signature() {
      WebhookDelivery d = delivery("POST", "https://example.com/hook",
          Map.of("Stripe-Signature", "t=1773151500,v0=" + signature), payload, t);

      assertThatThrownBy(() -> verifier(scheme, "whsec_test_secret").verify(d))
          .hasMessage("header Stripe-Signature has no v1 signature (v0 and other schemes are ignored)");
    }

    @Test
    void refusesTheMalformedHeadersFromStripeJavasTests() {
      for (String header : List.of("i'm not even a real signature header", "bad_header", "t=not_a_number,v1=somesignature")) {
        WebhookDelivery d = delivery("POST", "https://example.com/hook", Map.of("Stripe-Signature", header), payload, t);
        assertThatThrownBy(() -> verifier(scheme, "whsec_test_secret").verify(d))
            .as(header).isInstanceOf(WebhookRejectedException.class)
            .extracting(e -> ((WebhookRejectedException) e).reason()).isEqualTo(Reason.MALFORMED_HEADER);
      }
    }

    @Test
    void acceptsTheRecordedCustomerUpdatedSampleWithItsFictitiousSecret() {
      WebhookDelivery d = VendorSample.load("stripe/event-customer-updated", Instant.ofEpochSecond(1773151500 + 12));

      assertThat(verifier(scheme, "whsec_tributaryFictitiousSigningSecret0001").verify(d)).startsWith("content:");
    }
  }

  @Nested
  @DisplayName("HubSpot v3")
  class HubSpot {
    final WebhookScheme scheme = WebhookScheme.of(WebhookScheme.HUBSPOT_V3, null);

    @Test
    void acceptsTheV3VectorFromHubSpotsOfficialPythonLibrary() {
      // HubSpot/hubspot-api-python tests/spec/utils/test_signature.py, test_get_signature__v3.
      WebhookDelivery d = delivery("POST", "https://www.example.com/webhook_uri",
          Map.of("X-HubSpot-Signature-v3", "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=",
              "X-HubSpot-Request-Timestamp", "15000000"),
          "{'example_field':'example_value'}", Instant.ofEpochMilli(15000000 + 1000));

      assertThat(verifier(scheme, "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy").verify(d)).startsWith("content:");
    }

    @Test
    void acceptsTheRecordedContactPropertyChangeSampleWithItsFictitiousSecret() {
      WebhookDelivery d = VendorSample.load("hubspot/webhook-contact-propertychange", Instant.ofEpochMilli(1773151500967L + 2000));

      assertThat(d.uri()).isEqualTo("https://hooks.tributary.example.com/webhooks/hubspot");
      assertThat(verifier(scheme, "hs-fictitious-client-secret-0000-000000000001").verify(d)).startsWith("content:");
    }

    @Test
    void decodesOnlyTheCharactersHubSpotListsBeforeSigningTheUri() {
      // Signed (independently, Python) over ...hubspot?portal%3D1,x%20y: %3F and %2C decoded,
      // %3D and %20 kept, as HubSpot's table says.
      WebhookDelivery d = delivery("POST", "https://hooks.example.com/webhooks/hubspot%3Fportal%3D1%2cx%20y",
          Map.of("X-HubSpot-Signature-v3", "Oq3E+7iTDW1gGTALyZ0NI9X0OTGCDX20V0OUslMED6I=",
              "X-HubSpot-Request-Timestamp", "1773151500967"),
          "[{\"eventId\":1}]", Instant.ofEpochMilli(1773151500967L));

      assertThat(verifier(scheme, "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy").verify(d)).startsWith("content:");
      assertThat(HubSpotUri.decode("https://h/p%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B%20%3D%"))
          .isEqualTo("https://h/p:/?@!$'()*,;%20%3D%");
    }
  }

  @Nested
  @DisplayName("Standard Webhooks")
  class StandardWebhooks {
    final WebhookScheme scheme = WebhookScheme.of(WebhookScheme.STANDARD_WEBHOOKS, null);
    // standard-webhooks/standard-webhooks libraries/go/webhook_test.go TestWebhookSign.
    final Map<String, String> headers = Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp", "1614265330", "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    final Instant t = Instant.ofEpochSecond(1614265330);

    @Test
    void acceptsTheSigningVectorFromTheStandardWebhooksLibraries() {
      WebhookDelivery d = delivery("POST", "https://example.com/hook", headers, "{\"test\": 2432232314}", t);

      assertThat(verifier(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(d))
          .isEqualTo("id:msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    @Test
    void acceptsTheSameSecretWithoutItsWhsecPrefix() {
      WebhookDelivery d = delivery("POST", "https://example.com/hook", headers, "{\"test\": 2432232314}", t);

      assertThat(verifier(scheme, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(d)).isEqualTo("id:msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    @Test
    void acceptsTheValidSignatureAmongOthersAsInTheLibrariesMultiSignatureTest() {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put("webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
          + "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
      WebhookDelivery d = delivery("POST", "https://example.com/hook", h, "{\"test\": 2432232314}", t);

      assertThat(verifier(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(d)).isEqualTo("id:msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    @Test
    void refusesTheLibrariesInvalidSignature() {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put("webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
      WebhookDelivery d = delivery("POST", "https://example.com/hook", h, "{\"test\": 2432232314}", t);

      assertThatThrownBy(() -> verifier(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(d))
          .hasMessage("no v1 signature in header webhook-signature matches any of the 1 active secret(s)");
    }

    @Test
    void refusesAtConfigurationASecretThatIsNotBase64WithoutRevealingIt() {
      assertThatThrownBy(() -> verifier(scheme, "whsec_not base64!"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("secret from test:secret is not a Standard Webhooks secret: expected 'whsec_' followed by base64");
    }
  }
}
