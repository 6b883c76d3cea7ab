package dev.tributary.core.auth;

import dev.tributary.api.SpiVersion;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.connector.WebhookScheme;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

/** A real OAuth2 server (navikt mock-oauth2-server) on loopback, with a request counter. */
final class MockAuthServer implements AutoCloseable {

  final MockOAuth2Server server;

  MockAuthServer(boolean rotateRefreshTokens) {
    server = new MockOAuth2Server(new OAuth2Config(false, null, null, rotateRefreshTokens));
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  URI tokenUrl() {
    return server.tokenEndpointUrl("default").uri();
  }

  /** Drains and returns the token requests the server received since the last call. */
  List<RecordedRequest> takeRequests() {
    List<RecordedRequest> out = new ArrayList<>();
    while (true) {
      RecordedRequest r;
      try {
        r = server.takeRequest(200, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        return out;
      }
      if (r == null) {
        return out;
      }
      out.add(r);
    }
  }

  static Map<String, String> form(RecordedRequest r) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : r.getBody().clone().readUtf8().split("&")) {
      int eq = pair.indexOf('=');
      m.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return m;
  }

  static ConnectorManifest manifest(AuthScheme auth, Set<String> required, Set<String> optional) {
    return new ConnectorManifest("acme", "1.0.0", SpiVersion.CURRENT, URI.create("https://api.acme.test"),
        Set.of("api.acme.test"), auth, required, optional, List.of(), RateLimit.UNLIMITED, WebhookScheme.none(),
        null, Map.of());
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
