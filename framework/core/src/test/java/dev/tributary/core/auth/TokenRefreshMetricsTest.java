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
import dev.tributary.core.metrics.TributaryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Token refreshes reach the metrics through the token manager's refresh listener. */
class TokenRefreshMetricsTest {

  private static final String OK = "{\"access_token\":\"wm-access-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
      + "\"scope\":\"contacts.read\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TributaryMetrics metrics = new TributaryMetrics(registry, clock, Duration.ZERO);
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
    var http = TokenEndpointClient.builder().sleeper(new TestSupport.RecordingSleeper()).build();
    tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials, http, clock)
        .stateStore(new InMemoryStateStore(clock)).keys(TestSupport.keys(TestSupport.randomKey()))
        .refreshListener(metrics::tokenRefresh).build();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  double count(String result) {
    var c = registry.find("tributary.token.refreshes").tags("connection", "acme-crm", "result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aSuccessfulRefreshIsCountedOnceAndACachedTokenIsNotCountedAgain() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(OK)));
    tokens.headers();
    tokens.headers();
    assertThat(count("ok")).isEqualTo(1);
    assertThat(count("failed")).isZero();
  }

  @Test
  void aRefusedRefreshIsCountedAsFailed() {
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(count("failed")).isEqualTo(1);
    assertThat(count("ok")).isZero();
  }
}
