package dev.tributary.core.auth;

import dev.tributary.core.db.MutableClock;
import dev.tributary.core.http.Sleeper;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.api.errors.VendorUnavailableException;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token endpoint answers mock-oauth2-server cannot give (it always echoes the requested scope and
 * never fails with 5xx), from a WireMock endpoint on loopback.
 */
class TokenEndpointFaultsTest {

  private static final String OK = "{\"access_token\":\"wm-access-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
      + "\"scope\":\"contacts.read\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
  private WireMockServer wm;
  private TokenManager tokens;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    var manifest = MockAuthServer.manifest(AuthScheme.oauth2RefreshToken(URI.create("https://auth.acme.test/authorize"),
        URI.create("http://127.0.0.1:" + wm.port() + "/oauth/token")), Set.of("contacts.read"), Set.of());
    var connection = ConnectionConfig.builder("acme-crm", "acme").option("clientId", "acme-client")
        .secret("refreshToken", "env:RT").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("RT", "wm-refresh-token-1"))));
    var http = TokenEndpointClient.builder().sleeper(sleeper).build();
    tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials, http, clock)
        .stateStore(store).keys(TestSupport.keys(TestSupport.randomKey())).build();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  @Test
  void aTransientFailureIsRetriedWithBackoffThenSucceeds() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("flaky").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("flaky").whenScenarioStateIs("third")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK)));

    assertThat(tokens.headers()).containsEntry("Authorization", "Bearer wm-access-token-1");

    wm.verify(3, postRequestedFor(urlPathEqualTo("/oauth/token")));
    assertThat(sleeper.sleeps()).hasSize(2);
    assertThat(sleeper.sleeps().get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
    assertThat(sleeper.sleeps().get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(ConnectionStatusStore.on(store).isActive("acme-crm")).isTrue();
  }

  @Test
  void anEndpointDownThroughEveryRetryIsRetriableAndLeavesTheConnectionActive() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(tokens::headers).isInstanceOf(VendorUnavailableException.class)
        .hasMessage("acme/acme-crm POST /oauth/token -> 503 [correlation -]: could not refresh the access token: POST http://127.0.0.1:"
            + wm.port() + "/oauth/token failed 4 times; last: answered 503")
        .satisfies(e -> assertThat(((VendorUnavailableException) e).isRetriable()).isTrue());
    wm.verify(4, postRequestedFor(urlPathEqualTo("/oauth/token")));
    assertThat(ConnectionStatusStore.on(store).isActive("acme-crm")).isTrue();

    // Once the endpoint is back, the next call succeeds: a transient failure did not fail closed.
    wm.resetAll();
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(OK)));
    assertThat(tokens.headers()).containsEntry("Authorization", "Bearer wm-access-token-1");
  }

  @Test
  void aTimeoutIsTransient() {
    var http = TokenEndpointClient.builder().sleeper(sleeper).maxAttempts(2).requestTimeout(Duration.ofMillis(200)).build();
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200).withFixedDelay(1000).withBody(OK)));

    assertThatThrownBy(() -> http.postForm(URI.create(wm.baseUrl() + "/oauth/token"), Map.of("a", "b"), Map.of()))
        .isInstanceOf(TokenEndpointException.class)
        .hasMessageEndingWith("/oauth/token failed 2 times; last: timed out after 200 ms");
  }

  @Test
  void retryAfterIsHonouredUpToTheMaximumBackoff() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("ok"));
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("busy").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK)));

    tokens.headers();

    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aRetryAfterLongerThanTheMaximumBackoffGivesUpAsRetriable() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));

    assertThatThrownBy(tokens::headers).isInstanceOf(VendorUnavailableException.class)
        .hasMessageEndingWith("/oauth/token answered 503 with Retry-After 120 s, longer than the 5 s this client waits");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void extraGrantedScopesAreAllowedButWarnedAbout() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"wide-access-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
            + "\"scope\":\"contacts.read contacts.write admin\"}")));

    try (var logs = dev.tributary.core.credential.LogCapture.start()) {
      assertThat(tokens.headers()).containsEntry("Authorization", "Bearer wide-access-token-1");
      assertThat(logs.text()).contains("WARN").contains("connection 'acme-crm': the vendor granted scopes [admin, contacts.write] "
          + "that were not requested; consider narrowing the app's grant");
    }
  }

  @Test
  void grantedScopesMissingARequiredScopeFailClosed() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"narrow-access-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"profile\"}")));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageEndingWith("connection 'acme-crm' needs re-authorisation: the grant lacks required scopes [contacts.read] "
            + "(granted [profile]); re-authorise and approve them");
    assertThat(ConnectionStatusStore.on(store).isActive("acme-crm")).isFalse();
  }

  @Test
  void aNonBearerTokenIsNeverUsed() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"mac-token-value-1\",\"token_type\":\"mac\",\"expires_in\":3600}")));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("answered token_type 'mac'; only bearer tokens are supported");
  }

  @Test
  void invalidClientFailsClosed() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"client secret is wrong\"}")));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageEndingWith("/oauth/token answered 401 invalid_client (client secret is wrong)");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
    assertThat(sleeper.sleeps()).isEmpty();
  }
}
