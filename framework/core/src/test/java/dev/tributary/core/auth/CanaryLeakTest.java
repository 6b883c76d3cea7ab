package dev.tributary.core.auth;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.credential.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Canary secrets pushed through every path — success, 401 and forced refresh, refused grant,
 * unavailable endpoint, exceptions logged with stack traces — with DEBUG logging on everywhere
 * (including the OAuth2 server's own request logging): none may appear in what the redacting
 * encoder writes, nor in any exception message the framework throws.
 */
class CanaryLeakTest {

  private static final Logger LOG = LoggerFactory.getLogger("host-runtime");
  private static final String CLIENT_SECRET = "CANARY-client-secret-4c1d8e";
  private static final String REFRESH_1 = "CANARY-refresh-token-9b2f";
  private static final String REFRESH_2 = "CANARY-refresh-token-2-77aa";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<Throwable> thrown = new ArrayList<>();
  private final List<String> issued = new ArrayList<>();

  @Test
  void noCanaryReachesTheLogsOrExceptionMessages() throws Exception {
    try (MockAuthServer server = new MockAuthServer(true); LogCapture logs = LogCapture.start()) {
      MDC.put("correlationId", "corr-1");
      try {
        // success, then cached
        TokenManager one = manager(server.tokenUrl(), "acme-one", REFRESH_1);
        LOG.debug("headers {}", one.headers());
        issued.add(one.token().value().reveal());
        // 401 -> forced refresh -> retry
        LOG.info("vendor answered 401 to {}", one.headers());
        one.onUnauthorized();
        issued.add(one.token().value().reveal());
        LOG.debug("retry with {}", one.headers());
        // expiry -> rotation
        clock.advance(Duration.ofHours(3));
        issued.add(one.token().value().reveal());
        issued.add(RefreshTokenStore.encrypted(storeOf(one), keys).load("acme-one").orElseThrow().reveal());

        // refused grant -> fail closed
        TokenManager two = manager(server.tokenUrl(), "acme-two", REFRESH_2);
        server.server.enqueueCallback(new DefaultOAuth2TokenCallback() {
          @Override
          public String subject(com.nimbusds.oauth2.sdk.TokenRequest request) {
            throw new OAuth2Exception(OAuth2Error.INVALID_GRANT, "refresh token " + REFRESH_2 + " was revoked");
          }
        });
        capture(two::headers);
        capture(two::onUnauthorized);

        // endpoint down -> retried -> retriable failure
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
          closedPort = s.getLocalPort();
        }
        TokenManager three = manager(URI.create("http://127.0.0.1:" + closedPort + "/token"), "acme-three", REFRESH_1);
        capture(three::headers);

        // a careless message built by hand still gets scrubbed on its way to the log
        LOG.error("debug dump: grant_type=refresh_token&refresh_token={}&client_secret={}", REFRESH_1, CLIENT_SECRET,
            new IllegalStateException("wrapped " + CLIENT_SECRET));
      } finally {
        MDC.remove("correlationId");
      }

      String raw = logs.rawText();
      String written = logs.text();
      // The canaries did reach the logging pipeline (so this test can fail) ...
      assertThat(raw).contains(REFRESH_1).contains(CLIENT_SECRET);
      assertThat(thrown).hasSize(3);
      // ... and the encoder let none through.
      List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, REFRESH_1, REFRESH_2));
      secrets.addAll(issued);
      for (String secret : secrets) {
        assertThat(count(written, secret)).as("occurrences in the written log of a secret of %d chars", secret.length()).isZero();
        for (Throwable t : thrown) {
          assertThat(count(stackTrace(t), secret)).as("occurrences in exception %s", t.getClass().getSimpleName()).isZero();
        }
      }
      assertThat(written).contains("needs re-authorisation").contains("could not refresh the access token");
    }
  }

  private final dev.tributary.core.credential.KeyService keys = TestSupport.keys(TestSupport.randomKey());
  private final Map<TokenManager, InMemoryStateStore> stores = new java.util.HashMap<>();

  private InMemoryStateStore storeOf(TokenManager m) {
    return stores.get(m);
  }

  private TokenManager manager(URI tokenUrl, String connectionId, String refreshToken) {
    var manifest = MockAuthServer.manifest(AuthScheme.oauth2RefreshToken(URI.create("https://auth.acme.test/a"), tokenUrl),
        Set.of(), Set.of());
    var connection = ConnectionConfig.builder(connectionId, "acme").option("clientId", "acme-client")
        .secret("clientSecret", "env:CS").secret("refreshToken", "env:RT").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("CS", CLIENT_SECRET, "RT", refreshToken))));
    InMemoryStateStore store = new InMemoryStateStore(clock);
    TokenManager m = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials,
            TokenEndpointClient.builder().sleeper(d -> { }).maxAttempts(2).build(), clock)
        .stateStore(store).keys(keys).build();
    stores.put(m, store);
    return m;
  }

  private void capture(Runnable r) {
    Throwable t = catchThrowable(r::run);
    if (t != null) {
      thrown.add(t);
      LOG.error("sync of connection failed", t);
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
