package dev.tributary.host.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.health.Slo;
import dev.tributary.core.metrics.DatabaseFacts;
import dev.tributary.core.metrics.TributaryMetrics;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.webhook.WebhookEndpoint;
import dev.tributary.core.webhook.WebhookIntake;
import dev.tributary.host.fixture.ItemsProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A whole host in one process for tests: a WireMock vendor on loopback, the runtime on in-memory
 * H2 with a hand-moved clock, the queue, the webhook intake and the server on a free port.
 */
final class TestHost implements AutoCloseable {

  static final String WEBHOOK_SECRET = "whsec_canary_webhook_secret_7f3a";
  static final String ADMIN_TOKEN = "admin-canary-token-5b9e1c";
  static final int MAX_BODY = 4096;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  final WireMockServer vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final TributaryMetrics metrics = new TributaryMetrics(prometheus, clock, Duration.ZERO);
  final Tributary runtime;
  final JobQueue queue;
  final HostServer server;
  final HttpClient http = HttpClient.newHttpClient();

  TestHost(Slo slo) throws IOException {
    vendor.start();
    servePages(3);
    runtime = Tributary.builder()
        .connector(new ItemsProvider())
        .database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("ACME_TOKEN", "acme-secret-token")))))
        .connection(ConnectionConfig.builder("acme", "items").baseUrl(URI.create(vendor.baseUrl())).secret("token", "env:ACME_TOKEN").build())
        .clock(clock)
        .metrics(metrics)
        .build();
    metrics.bindDatabase(new DatabaseFacts(runtime.database(), clock));
    metrics.bindConnections(runtime.connections().keySet());
    queue = runtime.queue();
    WebhookIntake intake = WebhookIntake.builder(runtime.state(), new WebhookQueueSink(queue)).listener(metrics.webhooks()).build();
    intake.register(WebhookEndpoint.builder("acme", runtime.connectors().get("items").manifest().webhook())
        .secrets(List.of(Secret.of(WEBHOOK_SECRET, "test:webhook"))).maxBodyBytes(MAX_BODY).build());
    server = HostServer.builder(runtime, queue, metrics, prometheus)
        .port(0).clock(clock).slo(slo).webhooks(intake).adminToken(Secret.of(ADMIN_TOKEN, "test:admin")).build().start();
  }

  void servePages(int pages) {
    for (int p = 0; p < pages; p++) {
      String next = p + 1 < pages ? "\"p" + (p + 1) + "\"" : "null";
      String body = """
          {"results":[{"id":"acme-%1$d-a","updatedAt":"2026-01-0%2$dT00:00:00Z","name":"A"},
                      {"id":"acme-%1$d-b","updatedAt":"2026-01-0%2$dT00:00:00Z","name":"B"}],
           "next":%3$s}""".formatted(p, p + 1, next);
      vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/items")).withQueryParam("after", equalTo(p == 0 ? "" : "p" + p))
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A Stripe-Signature header for {@code body} signed at {@code at}. */
  static String stripeSignature(String secret, Instant at, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((at.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
      return "t=" + at.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  PrometheusText scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    return PrometheusText.parse(r.body());
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
    vendor.stop();
  }
}
