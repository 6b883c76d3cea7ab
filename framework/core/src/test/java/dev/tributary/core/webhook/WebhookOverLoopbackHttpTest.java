package dev.tributary.core.webhook;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorded vendor deliveries sent over a real loopback HTTP connection to a JDK server in front
 * of the intake: the raw bytes survive transport and verify; tampering and replays are refused.
 */
class WebhookOverLoopbackHttpTest {

  final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1773151500967L + 1500));
  final RecordingSink sink = new RecordingSink();
  final WebhookIntake intake = WebhookIntake.builder(new InMemoryStateStore(clock), sink).build();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  LoopbackWebhookServer server;

  @BeforeEach
  void start() throws Exception {
    intake.register(WebhookEndpoint.builder("github", WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery"))
        .secrets(List.of(Secret.of("tributary-fictitious-webhook-secret", "test:github"))).build());
    intake.register(WebhookEndpoint.builder("stripe", WebhookScheme.of(WebhookScheme.STRIPE, null))
        .secrets(List.of(Secret.of("whsec_tributaryFictitiousSigningSecret0001", "test:stripe"))).build());
    intake.register(WebhookEndpoint.builder("hubspot", WebhookScheme.of(WebhookScheme.HUBSPOT_V3, null))
        .secrets(List.of(Secret.of("hs-fictitious-client-secret-0000-000000000001", "test:hubspot"))).build());
    server = new LoopbackWebhookServer(intake, "https://hooks.tributary.example.com", clock);
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  HttpResponse<String> post(String path, WebhookDelivery recorded, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    recorded.headers().forEach((name, values) -> {
      if (!List.of("host", "content-length").contains(name)) {
        b.header(name, values.get(0));
      }
    });
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsEachRecordedVendorDeliveryOnceAndRefusesItsReplay() throws Exception {
    for (String[] sample : List.of(new String[] {"github", "github/webhook-issues-opened"},
        new String[] {"stripe", "stripe/event-customer-updated"},
        new String[] {"hubspot", "hubspot/webhook-contact-propertychange"})) {
      WebhookDelivery recorded = VendorSample.load(sample[1], clock.instant());

      HttpResponse<String> first = post("/webhooks/" + sample[0], recorded, recorded.body());
      HttpResponse<String> replay = post("/webhooks/" + sample[0], recorded, recorded.body());

      assertThat(first.statusCode()).as(sample[0]).isEqualTo(202);
      assertThat(replay.statusCode()).as(sample[0]).isEqualTo(409);
      assertThat(replay.body()).as(sample[0]).startsWith("REPLAY: delivery already received within the replay window");
    }
    assertThat(sink.received).extracting(VerifiedDelivery::connectionId).containsExactly("github", "stripe", "hubspot");
    assertThat(sink.received.get(0).deliveryId()).isEqualTo("5d2b8f40-1c7e-11f1-8a3b-2f6c9d0e4a17");
  }

  @Test
  void refusesARecordedDeliveryWithOneByteChangedInTransit() throws Exception {
    WebhookDelivery recorded = VendorSample.load("github/webhook-issues-opened", clock.instant());
    byte[] tampered = recorded.body().clone();
    tampered[100] ^= 0x20;

    HttpResponse<String> r = post("/webhooks/github", recorded, tampered);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("BAD_SIGNATURE: signature in header X-Hub-Signature-256 matches none of the 1 active secret(s)");
    assertThat(sink.received).isEmpty();
  }

  @Test
  void refusesADeliveryToAnUnknownConnectionWith404() throws Exception {
    WebhookDelivery recorded = VendorSample.load("github/webhook-issues-opened", clock.instant());

    HttpResponse<String> r = post("/webhooks/gitlab", recorded, recorded.body());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(sink.received).isEmpty();
  }
}
