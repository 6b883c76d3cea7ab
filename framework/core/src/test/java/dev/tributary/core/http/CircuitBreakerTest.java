package dev.tributary.core.http;

import dev.tributary.core.db.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.CircuitBreaker;
import dev.tributary.api.errors.VendorUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest extends VendorHttpTestBase {

  private final HttpSettings settings = HttpSettings.builder().maxAttempts(1).circuitFailureThreshold(3)
      .circuitOpenDelay(Duration.ofSeconds(30)).build();

  @Test
  void opensAfterTheThresholdFailsFastThenHalfOpensAndClosesOnTheFakeClock() {
    // Given a vendor that fails
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(503)));
    VendorClientFactory factory = factory(settings);
    TestApi api = api(factory, Authenticator.NONE);

    // When three calls fail, the circuit opens
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(api::items).isInstanceOf(VendorUnavailableException.class)
          .hasMessageEndingWith("the vendor is unavailable");
    }
    ConnectionPolicies policies = factory.policies(manifest(), "acme-eu");
    assertThat(policies.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

    // Then further calls fail fast without a request
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(api::items).isInstanceOf(VendorUnavailableException.class)
          .hasMessageEndingWith("circuit open after 3 consecutive failures; failing fast until 2026-03-01T10:00:30Z");
    }
    vendor.verify(3, getRequestedFor(urlPathEqualTo("/items")));

    // And before the delay has passed on the clock it stays open
    clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(api::items).hasMessageContaining("circuit open");
    vendor.verify(3, getRequestedFor(urlPathEqualTo("/items")));

    // When the delay has passed and the vendor recovered, one trial goes through and closes it
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson("[]")));
    clock.advance(Duration.ofSeconds(1));
    assertThat(api.items()).isEmpty();
    assertThat(policies.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(api.items()).isEmpty();
    vendor.verify(5, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void aFailedTrialReopensTheCircuitForAnotherDelay() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(500)));
    VendorClientFactory factory = factory(settings);
    TestApi api = api(factory, Authenticator.NONE);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(api::items).isInstanceOf(VendorUnavailableException.class);
    }

    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(api::items).hasMessageEndingWith("the vendor is unavailable");

    assertThat(factory.policies(manifest(), "acme-eu").circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(api::items).hasMessageEndingWith("failing fast until 2026-03-01T10:01:00Z");
    vendor.verify(4, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void clientErrorsDoNotCountAsFailures() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(404)));
    VendorClientFactory factory = factory(settings);
    TestApi api = api(factory, Authenticator.NONE);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(api::items).hasMessageContaining("-> 404");
    }

    assertThat(factory.policies(manifest(), "acme-eu").circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    vendor.verify(5, getRequestedFor(urlPathEqualTo("/items")));
  }
}
