package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tributary.api.errors.PermissionDeniedException;
import dev.tributary.api.errors.RateLimitedException;
import dev.tributary.api.errors.VendorRequestException;
import dev.tributary.api.errors.VendorTimeoutException;
import dev.tributary.api.errors.VendorUnavailableException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTest extends VendorHttpTestBase {

  private static final String ITEMS = "[{\"id\":\"1\",\"name\":\"one\"}]";

  private static void getSequence(String path, ResponseDefinitionBuilder... responses) {
    sequence(() -> get(urlPathEqualTo(path)), responses);
  }

  private static void postSequence(String path, ResponseDefinitionBuilder... responses) {
    sequence(() -> post(urlPathEqualTo(path)), responses);
  }

  @Test
  void succeedsAfterTwo503sWithExactlyThreeRequestsAndJitteredBackoff() {
    getSequence("/items", aResponse().withStatus(503), aResponse().withStatus(503), okJson(ITEMS));

    List<TestApi.Item> items = api(factory(), Authenticator.NONE).items();

    assertThat(items).containsExactly(new TestApi.Item("1", "one"));
    vendor.verify(3, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).hasSize(2);
    assertThat(sleeper.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(500));
    assertThat(sleeper.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void honoursRetryAfterInDeltaSeconds() {
    getSequence("/items", aResponse().withStatus(429).withHeader("Retry-After", "7"), okJson(ITEMS));

    api(factory(), Authenticator.NONE).items();

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void honoursRetryAfterAsHttpDate() {
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(9).atOffset(ZoneOffset.UTC));
    getSequence("/items", aResponse().withStatus(503).withHeader("Retry-After", at), okJson(ITEMS));

    api(factory(), Authenticator.NONE).items();

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void retryAfterLongerThanTheCapEndsTheCallWithRateLimitedCarryingTheWait() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> api(factory(), Authenticator.NONE).items())
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
          assertThat(e.getMessage()).contains("acme/acme-eu GET /items -> 429 [correlation ")
              .endsWith("the vendor's rate limit was hit; it asked to wait PT2M, longer than the in-line cap PT1M");
        });
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void gitHubStyle403WithExhaustedRateLimitWaitsUntilTheReset() {
    long reset = clock.instant().plusSeconds(42).getEpochSecond();
    getSequence("/items",
        aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset)),
        okJson(ITEMS));

    api(factory(), Authenticator.NONE).items();

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void plain403IsPermissionDeniedAndSentOnce() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Resource not accessible by integration\",\"documentation_url\":\"https://docs\"}")));

    assertThatThrownBy(() -> api(factory(), Authenticator.NONE).items())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageEndingWith("-> 403 [correlation " + lastCorrelationIdPlaceholder() + "]: the credentials lack a permission or scope: Resource not accessible by integration");
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/items")));
  }

  private static String lastCorrelationIdPlaceholder() {
    return vendor.getAllServeEvents().isEmpty() ? "" : vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id");
  }

  @Test
  void badRequestIsSentOnceAndCarriesTheVendorsError() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"parameter_missing\",\"message\":\"Missing required param: limit.\"}}")));

    assertThatThrownBy(() -> api(factory(), Authenticator.NONE).items())
        .isInstanceOfSatisfying(VendorRequestException.class, e -> {
          assertThat(e.errorType()).contains("invalid_request_error");
          assertThat(e.errorCode()).contains("parameter_missing");
          assertThat(e.vendorMessage()).contains("Missing required param: limit.");
          String id = vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id");
          assertThat(e.getMessage()).isEqualTo("acme/acme-eu GET /items -> 400 [correlation " + id
              + "]: vendor rejected the request (invalid_request_error/parameter_missing): Missing required param: limit.");
        });
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aReadTimeoutIsRetried() {
    getSequence("/items", okJson(ITEMS).withFixedDelay(600), okJson(ITEMS));
    HttpSettings settings = HttpSettings.builder().readTimeout(Duration.ofMillis(150)).build();

    assertThat(api(factory(settings), Authenticator.NONE).items()).hasSize(1);

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).hasSize(1);
  }

  @Test
  void readTimeoutsThatOutlastTheAttemptsEndInVendorTimeout() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson(ITEMS).withFixedDelay(400)));
    HttpSettings settings = HttpSettings.builder().readTimeout(Duration.ofMillis(100)).maxAttempts(2).build();

    assertThatThrownBy(() -> api(factory(settings), Authenticator.NONE).items())
        .isInstanceOf(VendorTimeoutException.class)
        .hasMessageEndingWith("no complete response within the read timeout (PT0.1S) after 2 attempts");
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void aPostWithoutIdempotencyKeyIsNotRetriedOn500() {
    postSequence("/items", aResponse().withStatus(500), okJson("{\"id\":\"9\",\"name\":\"new\"}"));

    assertThatThrownBy(() -> api(factory(), Authenticator.NONE).create(new TestApi.Item(null, "new")))
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageEndingWith("-> 500 [correlation " + lastCorrelationIdPlaceholder() + "]: the vendor is unavailable");
    vendor.verify(1, postRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void aPostWithIdempotencyKeyIsRetriedOn500() {
    postSequence("/items", aResponse().withStatus(500), okJson("{\"id\":\"9\",\"name\":\"new\"}"));

    TestApi.Item created = api(factory(), Authenticator.NONE).createWithKey("key-1", new TestApi.Item(null, "new"));

    assertThat(created).isEqualTo(new TestApi.Item("9", "new"));
    vendor.verify(2, postRequestedFor(urlPathEqualTo("/items")).withHeader("Idempotency-Key",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("key-1")));
  }

  @Test
  void a500OnAGetIsRetriedUntilTheAttemptsAreSpent() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> api(factory(), Authenticator.NONE).items())
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageEndingWith("the vendor is unavailable after 4 attempts");
    vendor.verify(4, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).hasSize(3);
  }

  @Test
  void noRetryStartsThatWouldEndBeyondTheMaxRetryDuration() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "40")));
    HttpSettings settings = HttpSettings.builder().maxAttempts(10).maxRetryDuration(Duration.ofSeconds(100)).build();

    assertThatThrownBy(() -> api(factory(settings), Authenticator.NONE).items())
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageEndingWith("the vendor is unavailable after 3 attempts");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(40), Duration.ofSeconds(40));
  }

  @Test
  void aBodyThatStallsPastTheReadTimeoutIsCutOffAndRetried() {
    sequence(() -> get(urlPathEqualTo("/items")), okJson(ITEMS).withChunkedDribbleDelay(5, 1000), okJson(ITEMS));
    HttpSettings settings = HttpSettings.builder().readTimeout(Duration.ofMillis(250)).build();

    assertThat(api(factory(settings), Authenticator.NONE).items()).hasSize(1);

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(Thread.currentThread().isInterrupted()).as("the timeout's interrupt does not leak").isFalse();
  }

  @Test
  void aBodyStalledOnEveryAttemptEndsInVendorTimeout() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson(ITEMS).withChunkedDribbleDelay(5, 1000)));
    HttpSettings settings = HttpSettings.builder().readTimeout(Duration.ofMillis(200)).maxAttempts(2).build();

    assertThatThrownBy(() -> api(factory(settings), Authenticator.NONE).items())
        .isInstanceOf(VendorTimeoutException.class)
        .hasMessageEndingWith("no complete response within the read timeout (PT0.2S) after 2 attempts");
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void aConnectorsOwnSettingsOverrideTheDefaults() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(503)));
    VendorClientFactory factory = VendorClientFactory.builder().clock(clock).sleeper(sleeper)
        .connectorSettings("acme", HttpSettings.builder().maxAttempts(2).build())
        .connectorSettings("other", HttpSettings.builder().maxAttempts(7).build())
        .build();

    assertThatThrownBy(() -> api(factory, Authenticator.NONE).items())
        .hasMessageEndingWith("the vendor is unavailable after 2 attempts");
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
  }
}
