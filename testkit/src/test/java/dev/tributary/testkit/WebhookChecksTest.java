package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.stream.StreamSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookChecksTest {

  @TempDir Path golden;

  static final ConnectorManifest MANIFEST = ConnectorManifest.builder("hooked", "1.0.0")
      .baseUrl(URI.create("https://api.hooked.example")).egressHosts("api.hooked.example").auth(AuthScheme.none())
      .stream(StreamSpec.builder("items").build())
      .webhook(WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-Hooked-Delivery")).build();

  private void record(String secret) throws Exception {
    Path dir = Files.createDirectories(golden.resolve("webhooks"));
    byte[] body = "{\"action\":\"opened\",\"id\":42}\n".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Files.write(dir.resolve("opened.json"), body);
    Files.writeString(dir.resolve("opened.headers"), "POST /webhooks/hooked HTTP/1.1\nHost: hooks.example.com\n"
        + "X-Hooked-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958\n"
        + "X-Hub-Signature-256: sha256=" + HexFormat.of().formatHex(mac.doFinal(body)) + "\n");
  }

  @Test
  void aRecordedDeliverySignedWithTheGivenSecretPasses() throws Exception {
    record("s3cret");
    WebhookChecks checks = new WebhookChecks(MANIFEST, golden, Optional.of("s3cret"));

    assertThatCode(() -> checks.deliveryVerifiesAndForgeriesAreRefused("opened")).doesNotThrowAnyException();
  }

  @Test
  void aDeliveryThatDoesNotVerifyUnderTheDeclaredSchemeFailsTheKit() throws Exception {
    record("another-secret");
    WebhookChecks checks = new WebhookChecks(MANIFEST, golden, Optional.of("s3cret"));

    assertThatThrownBy(() -> checks.deliveryVerifiesAndForgeriesAreRefused("opened"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("recorded delivery 'opened' under scheme 'hmac-sha256-hex'");
  }

  @Test
  void aConnectorDeclaringWebhooksWithoutRecordingsFailsTheKitSayingWhatToAdd() {
    WebhookChecks checks = new WebhookChecks(MANIFEST, golden, Optional.empty());

    assertThatThrownBy(checks::recordingsExist).isInstanceOf(AssertionError.class)
        .hasMessageContaining("connector 'hooked' declares webhook scheme 'hmac-sha256-hex': record deliveries under");
  }
}
