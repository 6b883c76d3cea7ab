package dev.tributary.core.auth;

import dev.tributary.core.db.MutableClock;
import dev.tributary.core.http.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.api.errors.VendorUnavailableException;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.credential.KeyService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenManagerOAuth2Test {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final KeyService keys = TestSupport.keys(TestSupport.randomKey());
  private final TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
  private final TokenEndpointClient http = TokenEndpointClient.builder().sleeper(sleeper)
      .requestTimeout(Duration.ofSeconds(5)).build();
  private MockAuthServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private TokenManager refreshTokenManager(boolean rotate, String... optionalEnabled) {
    server = new MockAuthServer(rotate);
    var manifest = MockAuthServer.manifest(
        AuthScheme.oauth2RefreshToken(URI.create("https://auth.acme.test/authorize"), server.tokenUrl()),
        Set.of("contacts.read"), Set.of("deals.read", "deals.write"));
    var connection = ConnectionConfig.builder("acme-crm", "acme")
        .secret("clientId", "env:ACME_CLIENT_ID").secret("clientSecret", "env:ACME_CLIENT_SECRET")
        .secret("refreshToken", "env:ACME_REFRESH_TOKEN");
    for (String s : optionalEnabled) {
      connection.optionalScope(s);
    }
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of(
        "ACME_CLIENT_ID", "acme-client", "ACME_CLIENT_SECRET", "client-secret-value-1",
        "ACME_REFRESH_TOKEN", "initial-refresh-token-1"))));
    return TokenManager.forConnection(manifest, connection.build(), AuthSchemes.loadDefault(), credentials, http, clock)
        .stateStore(store).keys(keys).build();
  }

  @Test
  void refreshesWithTheConfiguredRefreshTokenAndCachesTheAccessToken() {
    TokenManager tokens = refreshTokenManager(false, "deals.read");

    Map<String, String> first = tokens.headers();
    Map<String, String> second = tokens.headers();

    assertThat(first.get("Authorization")).startsWith("Bearer ey");
    assertThat(second).isEqualTo(first);
    List<RecordedRequest> requests = server.takeRequests();
    assertThat(requests).hasSize(1);
    Map<String, String> form = MockAuthServer.form(requests.get(0));
    assertThat(form).containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", "initial-refresh-token-1")
        .containsEntry("client_id", "acme-client")
        .containsEntry("client_secret", "client-secret-value-1")
        // least privilege: required plus the one optional scope enabled, not deals.write
        .containsEntry("scope", "contacts.read deals.read");
  }

  @Test
  void refreshesAgainOnlyOnceTheTokenIsWithinTheSkewOfItsExpiry() {
    TokenManager tokens = refreshTokenManager(false);
    String first = tokens.headers().get("Authorization");
    Instant expiresAt = tokens.token().expiresAt();

    clock.advance(Duration.between(clock.instant(), expiresAt).minusSeconds(61));
    assertThat(tokens.headers().get("Authorization")).isEqualTo(first);
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.headers().get("Authorization")).isNotEqualTo(first);

    assertThat(server.takeRequests()).hasSize(2);
  }

  @Test
  void storesTheRotatedRefreshTokenAndUsesItForTheNextRefresh() {
    TokenManager tokens = refreshTokenManager(true);
    tokens.headers();
    RefreshTokenStore refreshStore = RefreshTokenStore.encrypted(store, keys);
    Secret rotated = refreshStore.load("acme-crm").orElseThrow();
    assertThat(rotated.reveal()).isNotEqualTo("initial-refresh-token-1");

    clock.advance(Duration.ofHours(2));
    tokens.headers();

    List<RecordedRequest> requests = server.takeRequests();
    assertThat(requests).hasSize(2);
    assertThat(MockAuthServer.form(requests.get(0))).containsEntry("refresh_token", "initial-refresh-token-1");
    assertThat(MockAuthServer.form(requests.get(1))).containsEntry("refresh_token", rotated.reveal());
    assertThat(refreshStore.load("acme-crm").orElseThrow().reveal()).isNotEqualTo(rotated.reveal());
  }

  @Test
  void aPersistedRefreshTokenTakesPrecedenceOverTheConfiguredOne() {
    TokenManager tokens = refreshTokenManager(false);
    RefreshTokenStore.encrypted(store, keys).save("acme-crm", Secret.of("persisted-refresh-token", "test"));

    tokens.headers();

    assertThat(MockAuthServer.form(server.takeRequests().get(0))).containsEntry("refresh_token", "persisted-refresh-token");
  }

  @Test
  void invalidGrantMarksTheConnectionNeedsReauthAndStopsWithoutRetrying() {
    TokenManager tokens = refreshTokenManager(false);
    server.server.enqueueCallback(new DefaultOAuth2TokenCallback() {
      @Override
      public String subject(com.nimbusds.oauth2.sdk.TokenRequest request) {
        throw new OAuth2Exception(OAuth2Error.INVALID_GRANT, "refresh token revoked by the user");
      }
    });

    assertThatThrownBy(tokens::headers)
        .isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageStartingWith("acme/acme-crm POST /default/token -> 400 [correlation -]: connection 'acme-crm' needs re-authorisation: "
            + "the token endpoint refused the refresh token: POST http://")
        .hasMessageEndingWith("/default/token answered 400 invalid_grant (invalid grant)");
    assertThat(server.takeRequests()).hasSize(1);
    assertThat(sleeper.sleeps()).isEmpty();
    ConnectionStatus status = ConnectionStatusStore.on(store).find("acme-crm").orElseThrow();
    assertThat(status.state()).isEqualTo(ConnectionStatus.State.NEEDS_REAUTH);
    assertThat(status.reason()).contains("invalid_grant");

    // Work stays stopped: no further request reaches the server, even from a fresh manager.
    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("needs re-authorisation (the token endpoint refused the refresh token");
    assertThatThrownBy(tokens::onUnauthorized).isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(server.takeRequests()).isEmpty();
  }

  @Test
  void reauthorisingWithANewRefreshTokenResumesWork() {
    TokenManager tokens = refreshTokenManager(false);
    server.server.enqueueCallback(new DefaultOAuth2TokenCallback() {
      @Override
      public String subject(com.nimbusds.oauth2.sdk.TokenRequest request) {
        throw new OAuth2Exception(OAuth2Error.INVALID_GRANT, "expired");
      }
    });
    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class);

    tokens.reauthorized(Optional.of(Secret.of("new-consent-refresh-token", "operator")));

    assertThat(tokens.headers().get("Authorization")).startsWith("Bearer ");
    List<RecordedRequest> requests = server.takeRequests();
    assertThat(MockAuthServer.form(requests.get(requests.size() - 1))).containsEntry("refresh_token", "new-consent-refresh-token");
  }

  @Test
  void clientCredentialsAsksForTheScopesAndCachesTheToken() {
    server = new MockAuthServer(false);
    var manifest = MockAuthServer.manifest(AuthScheme.oauth2ClientCredentials(server.tokenUrl()),
        Set.of("orders.read"), Set.of());
    var connection = ConnectionConfig.builder("acme-orders", "acme").option("clientId", "svc-client")
        .secret("clientSecret", "env:SVC_SECRET").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("SVC_SECRET", "svc-secret-value-1"))));
    TokenManager tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials, http, clock)
        .stateStore(store).keys(keys).build();

    String header = tokens.headers().get("Authorization");
    tokens.headers();

    List<RecordedRequest> requests = server.takeRequests();
    assertThat(requests).hasSize(1);
    assertThat(MockAuthServer.form(requests.get(0))).containsEntry("grant_type", "client_credentials")
        .containsEntry("scope", "orders.read").containsEntry("client_id", "svc-client");
    assertThat(header).startsWith("Bearer ey");
  }

  @Test
  void aSecondManagerOnTheSameStoreUsesTheCachedTokenWithoutARequest() {
    TokenManager first = refreshTokenManager(false);
    String header = first.headers().get("Authorization");
    TokenManager second = TokenManager.builder("acme", "acme-crm", new OAuth2TokenSource(
            new AuthContext(ConnectionConfig.builder("acme-crm", "acme").option("tokenUrl", server.tokenUrl().toString())
                .option("clientId", "x").build(), AuthScheme.custom("x", Map.of()), Set.of(),
                CredentialProviders.of(List.of()), http, clock), true))
        .stateStore(store).keys(keys).clock(clock).build();

    assertThat(second.headers().get("Authorization")).isEqualTo(header);
    assertThat(server.takeRequests()).hasSize(1);
  }

  @Test
  void tokensAtRestAreEncrypted() {
    TokenManager tokens = refreshTokenManager(true);
    String access = tokens.token().value().reveal();
    String refresh = RefreshTokenStore.encrypted(store, keys).load("acme-crm").orElseThrow().reveal();

    String atRest = new String(store.raw("oauth2-access-token:acme-crm"), StandardCharsets.ISO_8859_1)
        + new String(store.raw("oauth2-refresh-token:acme-crm"), StandardCharsets.ISO_8859_1);
    assertThat(atRest).doesNotContain(access).doesNotContain(refresh)
        .doesNotContain(access.substring(0, 20)).doesNotContain("eyJ");
    assertThat(KeyService.keyIdOf(store.raw("oauth2-access-token:acme-crm"))).isEqualTo("k1");
  }

  @Test
  void a401ForcesExactlyOneRefreshAndThenGivesUp() {
    TokenManager tokens = refreshTokenManager(false);
    String before = tokens.headers().get("Authorization");

    assertThat(tokens.onUnauthorized()).isTrue();
    String after = tokens.headers().get("Authorization");
    assertThat(after).isNotEqualTo(before);
    // The vendor refuses the fresh token too: no second refresh, no loop.
    assertThat(tokens.onUnauthorized()).isFalse();
    tokens.headers();
    assertThat(tokens.onUnauthorized()).isFalse();

    assertThat(server.takeRequests()).hasSize(2);
  }

  @Test
  void a401ReportedOnAnotherThreadStillForcesARefresh() throws Exception {
    TokenManager tokens = refreshTokenManager(false);
    String before = tokens.headers().get("Authorization");

    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      assertThat(other.submit(tokens::onUnauthorized).get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      other.shutdownNow();
    }

    assertThat(tokens.headers().get("Authorization")).isNotEqualTo(before);
    assertThat(server.takeRequests()).hasSize(2);
  }

  @Test
  void enablingAnOptionalScopeTheManifestDoesNotDeclareIsRefused() {
    assertThatThrownBy(() -> refreshTokenManager(false, "deals.read", "admin.everything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection 'acme-crm' enables scopes [admin.everything] that connector acme does not declare as optional; "
            + "declared: [deals.read, deals.write]");
  }

  @Test
  void aStaticSchemeNeedsNoTokenManager() {
    var manifest = MockAuthServer.manifest(AuthScheme.bearer(), Set.of(), Set.of());
    assertThatThrownBy(() -> TokenManager.forConnection(manifest, ConnectionConfig.builder("acme-crm", "acme").build(),
            AuthSchemes.loadDefault(), CredentialProviders.of(List.of()), http, clock))
        .hasMessage("connector acme uses the static auth scheme 'bearer': it needs no TokenManager; use the HTTP layer's static authenticator");
  }

  @Test
  void anUnknownCustomSchemeListsTheInstalledOnes() {
    var manifest = MockAuthServer.manifest(AuthScheme.custom("acme-assertion", Map.of()), Set.of(), Set.of());
    assertThatThrownBy(() -> TokenManager.forConnection(manifest, ConnectionConfig.builder("acme-crm", "acme").build(),
            AuthSchemes.loadDefault(), CredentialProviders.of(List.of()), http, clock))
        .hasMessage("[Tributary/UNKNOWN_AUTH_SCHEME] no auth plug-in for scheme 'acme-assertion'. "
            + "Installed: github-app, oauth2-client-credentials, oauth2-refresh-token");
  }

  @Test
  void needsReauthSetByAnotherProcessStopsThisOneWithinTheRecheckInterval() {
    TokenManager tokens = refreshTokenManager(false);
    tokens.headers();
    ConnectionStatusStore.on(store).save("acme-crm",
        new ConnectionStatus(ConnectionStatus.State.NEEDS_REAUTH, "invalid_grant seen by host-2", clock.instant()));

    clock.advance(Duration.ofSeconds(11));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageEndingWith("connection 'acme-crm' needs re-authorisation (invalid_grant seen by host-2); "
            + "no request is sent until an operator re-authorises it");
    assertThat(server.takeRequests()).hasSize(1);
  }

  @Test
  void aCachedTokenSealedWithAnotherKeyIsIgnoredAndReplacedNotUsedAsGarbage() {
    TokenManager first = refreshTokenManager(false);
    String old = first.headers().get("Authorization");
    KeyService otherKey = TestSupport.keys(TestSupport.randomKey());
    TokenManager second = TokenManager.builder("acme", "acme-crm", new OAuth2TokenSource(
            new AuthContext(ConnectionConfig.builder("acme-crm", "acme").option("tokenUrl", server.tokenUrl().toString())
                .option("clientId", "x").build(), AuthScheme.custom("x", Map.of()), Set.of(),
                CredentialProviders.of(List.of()), http, clock), true))
        .stateStore(store).keys(otherKey).clock(clock)
        .refreshTokens(new RefreshTokenStore() {
          public Optional<Secret> load(String id) {
            return Optional.of(Secret.of("another-refresh-token", "test"));
          }

          public void save(String id, Secret s) {}
        }).build();

    String fresh = second.headers().get("Authorization");

    assertThat(fresh).isNotEqualTo(old).startsWith("Bearer ey");
    assertThat(server.takeRequests()).hasSize(2);
  }

  @Test
  void aStoredRefreshTokenUnderAnUnknownKeyStopsWithAClearError() {
    TokenManager tokens = refreshTokenManager(false);
    KeyService retired = KeyService.builder().activeKey("2025-01", TestSupport.randomKey()).build();
    RefreshTokenStore.encrypted(store, retired).save("acme-crm", Secret.of("sealed-with-a-retired-key", "test"));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageEndingWith("connection 'acme-crm' cannot read its stored refresh token: cannot decrypt "
            + "oauth2-refresh-token:acme-crm with key id 2025-01: no such key in the keyring (have k1); was it encrypted "
            + "with another key? Add the old key as a decrypt-only key. Configure the key it was stored with "
            + "(as a decrypt-only key) or re-authorise the connection");
    assertThat(server.takeRequests()).isEmpty();
  }

  @Test
  void anExpiredTokenIsNeverSentWhenItCannotBeRefreshed() {
    TokenManager tokens = refreshTokenManager(false);
    tokens.headers();
    server.close();
    server = null;
    clock.advance(Duration.ofHours(2));

    assertThatThrownBy(tokens::headers).isInstanceOf(VendorUnavailableException.class)
        .hasMessageContaining("could not refresh the access token: POST http://");
    assertThat(sleeper.sleeps()).hasSize(3); // 4 attempts, backoff between them
  }

  @Test
  void clientCredentialsWithBasicClientAuthentication() {
    server = new MockAuthServer(false);
    var manifest = MockAuthServer.manifest(new AuthScheme(AuthScheme.OAUTH2_CLIENT_CREDENTIALS,
        Map.of("tokenUrl", server.tokenUrl().toString(), "clientAuth", "basic")), Set.of(), Set.of());
    var connection = ConnectionConfig.builder("acme-orders", "acme").option("clientId", "svc client")
        .secret("clientSecret", "env:SVC_SECRET").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("SVC_SECRET", "svc:secret/value"))));
    TokenManager tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials, http, clock)
        .stateStore(store).keys(keys).build();

    assertThat(tokens.headers().get("Authorization")).startsWith("Bearer ey");

    RecordedRequest request = server.takeRequests().get(0);
    // RFC 6749 s.2.3.1: id and secret are form-encoded before the Basic encoding
    assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("svc+client:svc%3Asecret%2Fvalue".getBytes(StandardCharsets.UTF_8)));
    assertThat(MockAuthServer.form(request)).doesNotContainKeys("client_id", "client_secret");
  }

  @Test
  void concurrent401sOnTheSameTokenCauseOneRefresh() throws Exception {
    TokenManager tokens = refreshTokenManager(false);
    tokens.headers();
    server.takeRequests();
    int threads = 50;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          tokens.headers();
          start.await();
          return tokens.onUnauthorized();
        }));
      }
      start.countDown();
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.takeRequests()).hasSize(1);
  }

  @Test
  void twoHundredThreadsOnAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
    TokenManager tokens = refreshTokenManager(true);
    tokens.headers();
    server.takeRequests();
    clock.advance(Duration.ofHours(2));

    List<String> headers = hammer(200, () -> tokens.headers().get("Authorization"));

    assertThat(server.takeRequests()).hasSize(1);
    assertThat(Set.copyOf(headers)).hasSize(1);
  }

  static <T> List<T> hammer(int threads, Callable<T> call) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return call.call();
        }));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
