package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.errors.AuthenticationException;
import dev.tributary.api.credential.Secret;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UnauthorizedTest extends VendorHttpTestBase {

  /** Hands out "old" until told the vendor refused it, then "new". */
  static final class RotatingAuthenticator implements Authenticator {
    final AtomicInteger refreshes = new AtomicInteger();
    private final boolean canRefresh;

    RotatingAuthenticator(boolean canRefresh) {
      this.canRefresh = canRefresh;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Authorization", "Bearer " + (refreshes.get() == 0 ? "old" : "new"));
    }

    @Override
    public boolean onUnauthorized() {
      refreshes.incrementAndGet();
      return canRefresh;
    }
  }

  @Test
  void a401RefreshesOnceAndRetriesOnceWithTheNewCredential() {
    vendor.stubFor(get(urlPathEqualTo("/items")).withHeader("Authorization", equalTo("Bearer old"))
        .willReturn(aResponse().withStatus(401)));
    vendor.stubFor(get(urlPathEqualTo("/items")).withHeader("Authorization", equalTo("Bearer new")).willReturn(okJson("[]")));
    RotatingAuthenticator auth = new RotatingAuthenticator(true);

    assertThat(api(factory(), auth).items()).isEmpty();

    assertThat(auth.refreshes).hasValue(1);
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aSecond401EndsTheCallInsteadOfLooping() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(401)));
    RotatingAuthenticator auth = new RotatingAuthenticator(true);

    assertThatThrownBy(() -> api(factory(), auth).items())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageEndingWith("-> 401 [correlation " + vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id")
            + "]: the vendor refused the credentials after 2 attempts");
    assertThat(auth.refreshes).hasValue(1);
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void a401WithAStaticKeyIsNotRetriedAndNeverShowsTheKey() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(401)));
    Authenticator auth = Authenticators.apiKey("X-Api-Key", Secret.of("sk-live-123", "env:ACME_KEY"));

    assertThatThrownBy(() -> api(factory(), auth).items())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageEndingWith("]: the vendor refused the credentials")
        .message().doesNotContain("sk-live-123");
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/items")).withHeader("X-Api-Key", equalTo("sk-live-123")));
  }
}
