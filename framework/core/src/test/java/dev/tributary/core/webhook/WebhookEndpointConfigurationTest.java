package dev.tributary.core.webhook;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import dev.tributary.core.webhook.GenericHmacScheme.Encoding;
import dev.tributary.core.webhook.GenericHmacScheme.TimestampUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad settings fail when configured, with a message that says what to fix and no secret value. */
class WebhookEndpointConfigurationTest {

  final Secret secret = Secret.of("s3cr3t-value-never-shown", "env:ACME_WEBHOOK_SECRET");
  final Secret previous = Secret.of("previous-value-never-shown", "env:ACME_WEBHOOK_SECRET_OLD");
  final WebhookScheme github = WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery");

  @Test
  void refusesAnUnknownSchemeTypeListingTheSupportedOnes() {
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", WebhookScheme.of("hmac-sha1", null)).secrets(List.of(secret)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection acme: unknown webhook scheme 'hmac-sha1'. Supported: hmac-sha256-hex, stripe, hubspot-v3, "
            + "standard-webhooks, hmac-generic; or bind the connector's own WebhookVerifier");
  }

  @Test
  void refusesAnEndpointForAConnectorThatTakesNoWebhooks() {
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", WebhookScheme.none()).secrets(List.of(secret)).build())
        .hasMessage("connection acme: its connector accepts no webhooks (scheme 'none'); do not register a webhook endpoint for it");
  }

  @Test
  void refusesAnEndpointWithoutSecret() {
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", github).build())
        .hasMessage("connection acme: scheme 'hmac-sha256-hex' needs at least one secret: call secrets(List.of(current)) "
            + "or secrets(List.of(current, previous))");
  }

  @Test
  void refusesMoreThanTwoActiveSecretsOrTheSameSecretTwice() {
    Secret third = Secret.of("third", "env:THIRD");
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", github).secrets(List.of(secret, previous, third)))
        .hasMessage("connection acme: at most 2 secrets (current and previous) may be active at once, got 3");
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", github).secrets(List.of(secret, Secret.of(secret.reveal(), "file:/x"))))
        .hasMessage("connection acme: the current and previous secret are the same (env:ACME_WEBHOOK_SECRET, file:/x)");
  }

  @Test
  void refusesAReplayWindowShorterThanTheTimeWindowItMustCover() {
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", WebhookScheme.of(WebhookScheme.STRIPE, null))
        .secrets(List.of(secret)).replayWindow(Duration.ofMinutes(1)).build())
        .hasMessage("connection acme: replayWindow PT1M is shorter than tolerance + clock skew (PT6M): "
            + "a replay could pass once the key expired");
  }

  @Test
  void refusesNonPositiveLimits() {
    WebhookEndpoint.Builder b = WebhookEndpoint.builder("acme", github);
    assertThatThrownBy(() -> b.maxBodyBytes(0)).hasMessage("maxBodyBytes must be >= 1, was 0");
    assertThatThrownBy(() -> b.tolerance(Duration.ZERO)).hasMessage("tolerance must be positive, was PT0S");
    assertThatThrownBy(() -> b.clockSkew(Duration.ofSeconds(-1))).hasMessage("clockSkew must be >= 0, was PT-1S");
  }

  @Test
  void refusesAGenericSchemeWithoutItsSettingsOrSettingsOnAnotherScheme() {
    GenericHmacScheme settings = GenericHmacScheme.builder("X-Sig").build();
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", WebhookScheme.of(GenericHmacScheme.TYPE, null)).secrets(List.of(secret)).build())
        .hasMessage("connection acme: scheme 'hmac-generic' needs its settings: call generic(GenericHmacScheme.builder(header)...build())");
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", github).secrets(List.of(secret)).generic(settings).build())
        .hasMessage("connection acme: a GenericHmacScheme is set but the scheme type is 'hmac-sha256-hex', not 'hmac-generic'");
  }

  @Test
  void refusesAGenericTemplateThatDoesNotSignTheBodyExactlyOnce() {
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").template("{timestamp}"))
        .hasMessage("template '{timestamp}' must contain {body} exactly once, was 0 times: the raw body is what the vendor signs");
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").template("{body}{body}"))
        .hasMessage("template '{body}{body}' must contain {body} exactly once, was 2 times: the raw body is what the vendor signs");
  }

  @Test
  void refusesAGenericTemplateWithAnUnknownPlaceholderOrUnbalancedBrace() {
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").template("{ts}.{body}"))
        .hasMessage("template '{ts}.{body}' has unknown placeholder {ts}: use {method}, {uri}, {body}, {timestamp} or {id}");
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").template("{body}.{timestamp"))
        .hasMessage("template '{body}.{timestamp' has an unbalanced brace: placeholders are {method}, {uri}, {body}, {timestamp} or {id}");
  }

  @Test
  void refusesAGenericTimestampHeaderThatTheTemplateDoesNotSign() {
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").timestampHeader("X-Ts", TimestampUnit.SECONDS).build())
        .hasMessage("template '{body}' must sign {timestamp} when timestamp header X-Ts is set, or anyone could change the timestamp");
    assertThatThrownBy(() -> GenericHmacScheme.builder("X-Sig").template("{timestamp}.{body}").build())
        .hasMessage("template '{timestamp}.{body}' signs {timestamp} but no timestamp header is set: call timestampHeader(name, unit)");
    assertThatThrownBy(() -> GenericHmacScheme.builder("X Sig"))
        .hasMessage("signatureHeader 'X Sig' is not a valid HTTP header name");
  }

  @Test
  void refusesAGenericTemplateSigningAnIdWhenTheSchemeNamesNoIdHeader() {
    GenericHmacScheme settings = GenericHmacScheme.builder("X-Sig").template("{id}.{body}").build();
    assertThatThrownBy(() -> WebhookEndpoint.builder("acme", WebhookScheme.of(GenericHmacScheme.TYPE, null))
        .secrets(List.of(secret)).generic(settings).build())
        .hasMessage("template '{id}.{body}' signs {id} but the scheme names no delivery id header");
  }

  @Test
  void reproducesGitHubsPublishedExampleThroughTheGenericScheme() {
    WebhookEndpoint e = WebhookEndpoint.builder("acme", WebhookScheme.of(GenericHmacScheme.TYPE, null))
        .secrets(List.of(Secret.of("It's a Secret to Everybody", "test")))
        .generic(GenericHmacScheme.builder("X-Hub-Signature-256").prefix("sha256=").encoding(Encoding.HEX).build()).build();
    WebhookDelivery d = VendorExamplesTest.delivery("POST", "https://example.com/", Map.of("x-hub-signature-256",
        "SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"), "Hello, World!", Instant.EPOCH);

    assertThat(e.verifier().verify(d)).startsWith("content:");
  }

  @Test
  void neverShowsSecretValuesInToString() {
    WebhookEndpoint e = WebhookEndpoint.builder("acme", github).secrets(List.of(secret, previous)).build();

    assertThat(e.toString()).isEqualTo("WebhookEndpoint[acme, hmac-sha256-hex, secrets [env:ACME_WEBHOOK_SECRET, "
        + "env:ACME_WEBHOOK_SECRET_OLD], max 1048576 bytes, replay window PT24H]");
  }

  @Test
  void usesAConnectorsOwnVerifierAndItsReturnedIdAsReplayKey() {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    RecordingSink sink = new RecordingSink();
    WebhookIntake intake = WebhookIntake.builder(new InMemoryStateStore(clock), sink).build();
    intake.register(WebhookEndpoint.builder("acme", WebhookScheme.of("acme-rsa", "X-Acme-Id")).customVerifier(d -> {
      if (d.header("X-Acme-Token").isEmpty()) {
        throw new WebhookRejectedException(Reason.MISSING_HEADER, "missing header X-Acme-Token");
      }
      return d.header("X-Acme-Id").orElseThrow();
    }).build());
    WebhookDelivery good = VendorExamplesTest.delivery("POST", "/", Map.of("X-Acme-Token", "t", "X-Acme-Id", "a-1"), "{}", Instant.EPOCH);

    assertThat(intake.receive("acme", good)).isEqualTo(new WebhookOutcome.Accepted("acme", "a-1"));
    assertThat(intake.receive("acme", good)).extracting(WebhookOutcome::httpStatus).isEqualTo(409);
    assertThat(intake.receive("acme", VendorExamplesTest.delivery("POST", "/", Map.of(), "{}", Instant.EPOCH)))
        .extracting(WebhookOutcome::httpStatus).isEqualTo(400);
    assertThat(sink.received).hasSize(1);
  }
}
