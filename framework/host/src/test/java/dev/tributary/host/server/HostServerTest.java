package dev.tributary.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.health.Slo;
import dev.tributary.core.json.Json;
import dev.tributary.core.queue.JobRequest;
import dev.tributary.core.queue.QueuedJob;
import dev.tributary.core.queue.WebhookEventJobHandler;
import dev.tributary.core.store.ConnectionStatusStore;
import dev.tributary.core.sync.SyncStart;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The host server")
class HostServerTest {

  TestHost host;

  @BeforeEach
  void start() throws Exception {
    host = new TestHost(Slo.builder().updateLatency(Duration.ofMinutes(15)).syncCurrency(Duration.ofHours(1)).minCalls(5).build());
  }

  @AfterEach
  void stop() {
    host.close();
  }

  static final Map<String, String> ACME = Map.of("connection", "acme");

  @Test
  void exposesVendorSyncQueueAndWebhookMetricsInPrometheusTextAfterASync() throws Exception {
    host.runtime.sync("acme", "items", SyncStart.incremental()).orThrow();
    host.clock.advance(Duration.ofSeconds(90));
    byte[] body = "{\"id\":\"evt_1\",\"type\":\"item.updated\"}".getBytes(StandardCharsets.UTF_8);
    host.post("/webhooks/acme", body, "Stripe-Signature", TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, host.clock.instant(), body));
    host.post("/webhooks/acme", body, "Stripe-Signature",
        TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, host.clock.instant().minusSeconds(301), body));

    PrometheusText m = host.scrape();

    Map<String, String> ok = Map.of("connector", "items", "connection", "acme", "status_class", "2xx", "outcome", "ok");
    assertThat(m.types()).containsEntry("tributary_vendor_calls_seconds", "histogram")
        .containsEntry("tributary_sync_records_total", "counter")
        .containsEntry("tributary_queue_oldest_job_age_seconds", "gauge");
    assertThat(m.value("tributary_vendor_calls_seconds_count", ok)).isEqualTo(3);
    assertThat(m.find("tributary_vendor_calls_seconds_bucket", ok)).hasSizeGreaterThan(5)
        .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
    assertThat(m.value("tributary_sync_records_total", Map.of("connection", "acme", "stream", "items", "result", "written"))).isEqualTo(6);
    assertThat(m.value("tributary_sync_records_total", Map.of("connection", "acme", "stream", "items", "result", "unchanged"))).isZero();
    assertThat(m.value("tributary_sync_runs_total", Map.of("connection", "acme", "stream", "items", "outcome", "done"))).isEqualTo(1);
    assertThat(m.value("tributary_sync_seconds_since_success", Map.of("connection", "acme", "stream", "items"))).isEqualTo(90);
    assertThat(m.value("tributary_queue_jobs", Map.of("status", "ready"))).isEqualTo(1);
    assertThat(m.value("tributary_queue_oldest_job_age_seconds", Map.of())).isZero();
    assertThat(m.value("tributary_webhook_deliveries_total", Map.of("connection", "acme", "result", "accepted"))).isEqualTo(1);
    assertThat(m.value("tributary_webhook_deliveries_total", Map.of("connection", "acme", "result", "rejected", "reason", "stale"))).isEqualTo(1);
    assertThat(m.value("tributary_vendor_circuit_open", ACME)).isZero();

    host.clock.advance(Duration.ofMinutes(13));
    assertThat(host.scrape().value("tributary_queue_oldest_job_age_seconds", Map.of())).isEqualTo(13 * 60);
  }

  @Test
  void everyMetricTheShippedAlertRulesUseIsExposed() throws Exception {
    host.runtime.sync("acme", "items", SyncStart.incremental()).orThrow();
    byte[] body = "{\"type\":\"item.updated\"}".getBytes(StandardCharsets.UTF_8);
    host.post("/webhooks/acme", body, "Stripe-Signature", TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, host.clock.instant(), body));
    String rules = java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/alerts.yml"));
    java.util.Set<String> used = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\btributary_[a-z_]+").matcher(rules);
    while (m.find()) {
      used.add(m.group());
    }
    assertThat(used).hasSizeGreaterThan(5);
    assertThat(host.scrape().names()).containsAll(used);
  }

  @Nested
  @DisplayName("GET /health")
  class Health {
    @Test
    void isGreenAfterASyncAmberAsTheQueueAgesAndRedPastTheObjective() throws Exception {
      host.runtime.sync("acme", "items", SyncStart.incremental()).orThrow();
      HttpResponse<String> green = host.get("/health");
      assertThat(green.statusCode()).isEqualTo(200);
      assertThat(json(green).get("status").asText()).isEqualTo("green");

      host.queue.enqueue(JobRequest.builder("sync").payloadJson("{}").build());
      host.clock.advance(Duration.ofMinutes(12));
      HttpResponse<String> amber = host.get("/health");
      assertThat(amber.statusCode()).isEqualTo(200);
      assertThat(component(json(amber), "queue").get("status").asText()).isEqualTo("amber");

      host.clock.advance(Duration.ofMinutes(3).plusSeconds(1));
      HttpResponse<String> red = host.get("/health");
      assertThat(red.statusCode()).isEqualTo(503);
      assertThat(component(json(red), "queue").get("reasons").get(0).asText())
          .isEqualTo("oldest waiting job is 15m 01s old; objective: updates visible within 15m 00s (breached)");
    }

    @Test
    void isRedWhileAConnectionNeedsReauthorisationAndGreenOnceItIsRestored() throws Exception {
      host.runtime.sync("acme", "items", SyncStart.incremental()).orThrow();
      host.runtime.connectionStatus().set("acme", ConnectionStatusStore.Status.NEEDS_REAUTH, "invalid_grant from the token endpoint");

      HttpResponse<String> red = host.get("/health");
      assertThat(red.statusCode()).isEqualTo(503);
      JsonNode acme = component(json(red), "connection:acme");
      assertThat(acme.get("status").asText()).isEqualTo("red");
      assertThat(acme.get("reasons").get(0).asText())
          .isEqualTo("needs re-authorisation: invalid_grant from the token endpoint; run 'tributary token reauthorize acme'");

      assertThat(host.scrape().value("tributary_connection_needs_reauth", ACME)).isEqualTo(1);

      host.runtime.connectionStatus().set("acme", ConnectionStatusStore.Status.OK, null);
      assertThat(host.get("/health").statusCode()).isEqualTo(200);
      assertThat(host.scrape().value("tributary_connection_needs_reauth", ACME)).isZero();
    }

    @Test
    void isRedWhenTheVendorFailsMostCallsAndTheStatusPageSaysWhy() throws Exception {
      host.vendor.resetAll();
      host.vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
          com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/items"))
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
      for (int i = 0; i < 4; i++) {
        host.runtime.sync("acme", "items", SyncStart.incremental());
      }
      HttpResponse<String> red = host.get("/health");
      assertThat(red.statusCode()).as(red.body() + host.get("/metrics").body()).isEqualTo(503);
      assertThat(component(json(red), "connection:acme").get("reasons").toString())
          .contains("error rate 100% (8 of 8 calls in 5 min); objective: at most 25%")
          .contains("circuit breaker open: calls to the vendor are paused");
      host.server.sample();
      assertThat(host.get("/status").body()).contains("data-component=\"connection:acme\" data-colour=\"red\"")
          .contains("error rate 100%");
    }
  }

  @Nested
  @DisplayName("POST /webhooks/{connection}")
  class Webhooks {
    final byte[] body = "{\"id\":\"evt_1\",\"type\":\"item.updated\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    String signedNow() {
      return TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, host.clock.instant(), body);
    }

    @Test
    void queuesAnAuthenticDeliveryAsAWebhookEventJobCarryingItsCorrelationId() throws Exception {
      HttpResponse<String> r = host.post("/webhooks/acme", body, "Stripe-Signature", signedNow());

      assertThat(r.statusCode()).isEqualTo(202);
      String deliveryId = r.body().substring("accepted ".length());
      List<QueuedJob> jobs = host.queue.claim("test", 10, Set.of(WebhookEventJobHandler.KIND));
      assertThat(jobs).singleElement().satisfies(j -> {
        assertThat(j.connectionId()).contains("acme");
        assertThat(j.correlationId()).contains(deliveryId);
        JsonNode p = Json.canonical().readTree(j.payload());
        assertThat(p.get("eventType").asText()).isEqualTo("item.updated");
        assertThat(p.get("body").get("id").asText()).isEqualTo("evt_1");
      });
    }

    record Case(String name, String path, byte[] body, String[] headers, int status, String reason, String message) {}

    @Test
    void refusesEachBadDeliveryWithItsStatusAndReasonMetricAndQueuesNothing() throws Exception {
      Instant now = host.clock.instant();
      byte[] big = new byte[TestHost.MAX_BODY + 1];
      Arrays.fill(big, (byte) 'x');
      List<Case> cases = List.of(
          new Case("wrong signature", "/webhooks/acme", body,
              new String[] {"Stripe-Signature", TestHost.stripeSignature("whsec_someone_else", now, body)}, 401, "bad_signature", "BAD_SIGNATURE"),
          new Case("missing header", "/webhooks/acme", body, new String[0], 400, "missing_header", "MISSING_HEADER"),
          new Case("stale", "/webhooks/acme", body,
              new String[] {"Stripe-Signature", TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, now.minusSeconds(301), body)}, 401, "stale", "STALE"),
          new Case("future", "/webhooks/acme", body,
              new String[] {"Stripe-Signature", TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, now.plusSeconds(120), body)}, 401, "future", "FUTURE"),
          new Case("oversized", "/webhooks/acme", big,
              new String[] {"Stripe-Signature", TestHost.stripeSignature(TestHost.WEBHOOK_SECRET, now, big)}, 413, "too_large", "TOO_LARGE"),
          new Case("malformed header", "/webhooks/acme", body, new String[] {"Stripe-Signature", "t=yesterday"}, 400, "malformed_header", "MALFORMED_HEADER"),
          new Case("unknown connection", "/webhooks/nobody", body, new String[] {"Stripe-Signature", signedNow()}, 404, "unknown_connection", "UNKNOWN_CONNECTION"));
      for (Case c : cases) {
        HttpResponse<String> r = host.post(c.path(), c.body(), c.headers());
        assertThat(r.statusCode()).as(c.name()).isEqualTo(c.status());
        assertThat(r.body()).as(c.name()).startsWith(c.message() + ": ");
        String connection = c.reason().equals("unknown_connection") ? "unknown" : "acme";
        assertThat(host.scrape().value("tributary_webhook_deliveries_total",
            Map.of("connection", connection, "result", "rejected", "reason", c.reason()))).as(c.name()).isEqualTo(1);
      }
      assertThat(host.queue.stats().ready()).isZero();
      assertThat(host.scrape().find("tributary_webhook_deliveries_total", Map.of("result", "accepted"))).isEmpty();
    }

    @Test
    void refusesAReplayWith409AndQueuesTheDeliveryOnce() throws Exception {
      String signature = signedNow();
      assertThat(host.post("/webhooks/acme", body, "Stripe-Signature", signature).statusCode()).isEqualTo(202);
      HttpResponse<String> again = host.post("/webhooks/acme", body, "Stripe-Signature", signature);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).startsWith("REPLAY: ");
      assertThat(host.queue.stats().ready()).isEqualTo(1);
      assertThat(host.scrape().value("tributary_webhook_deliveries_total",
          Map.of("connection", "acme", "result", "rejected", "reason", "replay"))).isEqualTo(1);
    }

    @Test
    void answers405ToAnythingButPost() throws Exception {
      assertThat(host.get("/webhooks/acme").statusCode()).isEqualTo(405);
    }
  }

  @Nested
  @DisplayName("admin actions")
  class Admin {
    long deadLetter() {
      host.queue.enqueue(JobRequest.builder("sync").payloadJson("{}").maxAttempts(1).correlationId("corr-1").build());
      QueuedJob job = host.queue.claim("test", 1, Set.of("sync")).get(0);
      host.queue.fail(job, new IllegalStateException("vendor said no"));
      return host.queue.deadLetters(10).get(0).id();
    }

    @Test
    void replayWithTheBearerTokenRequeuesTheDeadLetter() throws Exception {
      long id = deadLetter();
      HttpResponse<String> r = host.post("/admin/dead-letters/" + id + "/replay", new byte[0],
          "Authorization", "Bearer " + TestHost.ADMIN_TOKEN);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("replayed dead letter " + id + " as job ");
      assertThat(host.queue.stats().deadLetters()).isZero();
      assertThat(host.queue.stats().ready()).isEqualTo(1);
    }

    @Test
    void refusesAWrongTokenACrossSiteRequestAndAFormWithoutItsCsrfToken() throws Exception {
      long id = deadLetter();
      String path = "/admin/dead-letters/" + id + "/replay";
      HttpResponse<String> wrong = host.post(path, new byte[0], "Authorization", "Bearer nope");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo("admin token missing or wrong");

      HttpResponse<String> crossSite = host.post(path, new byte[0], "Authorization", "Bearer " + TestHost.ADMIN_TOKEN,
          "Sec-Fetch-Site", "cross-site");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.body()).isEqualTo("cross-site request refused (Sec-Fetch-Site: cross-site)");

      HttpResponse<String> evilOrigin = host.post(path, new byte[0], "Authorization", "Bearer " + TestHost.ADMIN_TOKEN,
          "Origin", "https://evil.example");
      assertThat(evilOrigin.statusCode()).isEqualTo(403);

      HttpResponse<String> noCsrf = host.post(path, ("token=" + TestHost.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/x-www-form-urlencoded");
      assertThat(noCsrf.statusCode()).isEqualTo(403);
      assertThat(noCsrf.body()).isEqualTo("missing or expired CSRF token: reload the status page and try again");
      assertThat(host.queue.stats().deadLetters()).isEqualTo(1);
    }

    @Test
    void aStatusPageFormWithItsCsrfTokenReplaysOnceAndTheTokenCannotBeReused() throws Exception {
      long id = deadLetter();
      String page = host.get("/status").body();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
      assertThat(m.find()).isTrue();
      byte[] form = ("csrf=" + m.group(1) + "&token=" + TestHost.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r = host.post("/admin/dead-letters/" + id + "/replay", form, "Content-Type", "application/x-www-form-urlencoded");
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).contains("/status");
      assertThat(host.post("/admin/dead-letters/replay-all", form, "Content-Type", "application/x-www-form-urlencoded").statusCode())
          .isEqualTo(403);
    }
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.canonical().readTree(r.body());
  }

  static JsonNode component(JsonNode health, String name) {
    for (JsonNode c : health.get("components")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no component " + name + " in " + health);
  }
}
