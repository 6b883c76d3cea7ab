package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tributary.api.credential.Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class CorrelationAndLoggingTest extends VendorHttpTestBase {

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.tributary.vendor.calls");

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  @Test
  void everyRequestCarriesTheCorrelationIdAndItsLogLineTheSameId() {
    vendor.stubFor(get(urlPathMatching("/items/.*")).willReturn(okJson("{\"id\":\"zq-item\",\"name\":\"x\"}")));
    TestApi api = api(factory(), Authenticators.bearer(Secret.of("tok-123", "env:ACME_TOKEN")));

    TestApi.Item item = api.item("zq-item", "jane@example.com");

    assertThat(item.id()).isEqualTo("zq-item");
    LoggedRequest sent = vendor.getAllServeEvents().get(0).getRequest();
    String id = sent.getHeader("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(sent.getHeader("traceparent")).matches("00-" + id + "-[0-9a-f]{16}-01");
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(sent.getHeader("User-Agent")).isEqualTo("Tributary/1.0.0-test acme/1.2.0");
    assertThat(sent.getHeader("Acme-Version")).isEqualTo("2026-01-01");
    assertThat(sent.getHeader(CallInfo.ATTEMPTS_HEADER)).isNull();

    assertThat(logs.list).hasSize(1);
    ILoggingEvent line = logs.list.get(0);
    assertThat(line.getMDCPropertyMap()).containsEntry("correlationId", id);
    assertThat(line.getFormattedMessage())
        .isEqualTo("vendor call acme/acme-eu GET /items/{id} -> 200 in 0 ms, attempt 1 [correlation " + id + "]")
        .doesNotContain("jane", "tok-123", "zq-item");
    assertThat(line.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value).containsExactly(
        "connector=acme", "connection=acme-eu", "method=GET", "path=/items/{id}", "status=200", "outcome=ok",
        "durationMs=0", "attempt=1", "correlationId=" + id);
    assertThat(MDC.get("correlationId")).as("MDC restored after the call").isNull();
  }

  @Test
  void retriesKeepTheCallsCorrelationIdWithAFreshSpanPerAttempt() {
    sequence(() -> get(urlPathEqualTo("/items")), aResponse().withStatus(503), okJson("[]"));

    api(factory(), Authenticator.NONE).items();

    List<LoggedRequest> sent = vendor.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(sent).hasSize(2);
    String id = sent.get(0).getHeader("X-Request-Id");
    assertThat(sent.get(1).getHeader("X-Request-Id")).isEqualTo(id);
    assertThat(sent.get(0).getHeader("traceparent")).isNotEqualTo(sent.get(1).getHeader("traceparent"));
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
        "vendor call acme/acme-eu GET /items -> 503 in 0 ms, attempt 1 [correlation " + id + "]",
        "vendor call acme/acme-eu GET /items -> 200 in 0 ms, attempt 2 [correlation " + id + "]");
  }

  @Test
  void theListenerSeesEveryAttemptWithoutHeadersOrQueryValues() {
    sequence(() -> get(urlPathMatching("/items/.*")), aResponse().withStatus(502), okJson("{\"id\":\"1\"}"));
    List<VendorCallListener.Event> events = new CopyOnWriteArrayList<>();
    VendorClientFactory factory = VendorClientFactory.builder().clock(clock).sleeper(sleeper).listener(events::add).build();

    api(factory, Authenticator.NONE).item("1", "jane@example.com");

    String id = vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id");
    assertThat(events).extracting(VendorCallListener.Event::status, VendorCallListener.Event::outcome,
            VendorCallListener.Event::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(502, "http_error", 1), org.assertj.core.groups.Tuple.tuple(200, "ok", 2));
    assertThat(events).allSatisfy(e -> {
      assertThat(e.pathTemplate()).isEqualTo("/items/{id}");
      assertThat(e.correlationId()).isEqualTo(id);
      assertThat(e.toString()).doesNotContain("jane");
    });
  }
}
