package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.RateLimit;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failsafe's rate limiter keeps time with {@code System.nanoTime()}, so this one test runs in real
 * time, bounded: 7 calls at 10 per second take 0.6 s.
 */
class RateLimiterTest extends VendorHttpTestBase {

  @Test
  void holdsTheManifestsDeclaredRate() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson("[]")));
    VendorClientFactory factory = VendorClientFactory.builder().clock(Clock.systemUTC()).sleeper(Sleeper.SYSTEM).build();
    TestApi api = factory.client(TestApi.class, manifest(RateLimit.of(10, Duration.ofSeconds(1))),
        new ConnectionHandle(connection("acme-eu", ""), Authenticator.NONE));

    long start = System.nanoTime();
    for (int i = 0; i < 7; i++) {
      api.items();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    vendor.verify(7, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofSeconds(2));
  }
}
