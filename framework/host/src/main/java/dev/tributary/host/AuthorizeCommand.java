package dev.tributary.host;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.Tributary;
import dev.tributary.core.auth.TokenEndpointClient;
import dev.tributary.core.auth.TokenManager;
import dev.tributary.core.config.AuthSecrets;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tributary authorize <connection>}: the OAuth2 authorization-code step (RFC 6749 s.4.1)
 * that yields a connection's first refresh token. Prints the vendor's consent URL, receives the
 * redirect on a loopback port, checks {@code state}, exchanges the code at the token endpoint and
 * hands the refresh token to the connection's token manager, which stores it encrypted in the
 * database. The token is never printed or logged.
 */
@Command(name = "authorize", description = "Runs the OAuth2 authorization-code step for a connection and stores its refresh token.")
final class AuthorizeCommand implements Callable<Integer> {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "CONNECTION") String connection;

  @Option(names = "--port", defaultValue = "0", description = "Loopback port for the redirect (default: a free one). "
      + "The vendor app's redirect URL must allow http://127.0.0.1:PORT/callback.")
  int port;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait for the consent (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--extra-scope", paramLabel = "SCOPE", description = "A scope to ask for in the consent besides the "
      + "manifest's (e.g. openid for OpenID Connect providers); repeatable.")
  java.util.List<String> extraScopes = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Tributary t = root.runtime()) {
      ConnectionConfig c = t.connection(connection);
      ConnectorManifest m = t.connectors().get(c.connectorId()).manifest();
      if (!AuthScheme.OAUTH2_REFRESH_TOKEN.equals(m.auth().type()) || !(t.authenticator(connection) instanceof TokenManager tm)) {
        throw new IllegalArgumentException("connection '" + connection + "' uses auth scheme '" + m.auth().type()
            + "'; the authorization-code step applies to oauth2-refresh-token connections only");
      }
      URI authorizeUrl = URI.create(setting(c, m, "authorizeUrl"));
      URI tokenUrl = URI.create(setting(c, m, "tokenUrl"));
      CredentialProviders credentials = CredentialProviders.loadDefault();
      Secret clientId = credentials.resolve(c.secrets().get(AuthSecrets.CLIENT_ID), connection);
      Secret clientSecret = credentials.resolve(c.secrets().get(AuthSecrets.CLIENT_SECRET), connection);
      Set<String> scopes = new LinkedHashSet<>(m.requiredScopes());
      scopes.addAll(c.enabledOptionalScopes());
      scopes.addAll(extraScopes);
      String state = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

      CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext("/callback", ex -> {
        Map<String, String> q = dev.tributary.host.sandbox.SandboxQuery.parse(ex.getRequestURI().getRawQuery());
        boolean ok = state.equals(q.get("state")) && q.containsKey("code");
        byte[] body = (ok ? "Tributary received the authorization. You can close this window."
            : "Tributary refused this redirect: its state does not match the request it started.")
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(ok ? 200 : 400, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
        if (ok) {
          callback.complete(q);
        } else if (q.containsKey("error")) {
          callback.completeExceptionally(new IllegalStateException("the vendor refused the authorization: "
              + q.get("error") + (q.containsKey("error_description") ? " (" + q.get("error_description") + ")" : "")));
        }
      });
      server.start();
      try {
        String redirect = "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
        URI consent = URI.create(authorizeUrl + (authorizeUrl.getRawQuery() == null ? "?" : "&")
            + "response_type=code&client_id=" + enc(clientId.reveal()) + "&redirect_uri=" + enc(redirect)
            + "&scope=" + enc(String.join(" ", scopes)) + "&state=" + state);
        out.println("Open this URL in a browser and approve access for connection '" + connection + "':");
        out.println();
        out.println("  " + consent);
        out.println();
        out.println("Waiting for the redirect on " + redirect + " ...");
        out.flush();
        Map<String, String> q;
        try {
          q = callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          throw new IllegalStateException("no authorization arrived within " + timeout + "; run the command again");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", q.get("code"));
        form.put("redirect_uri", redirect);
        form.put("client_id", clientId.reveal());
        form.put("client_secret", clientSecret.reveal());
        TokenEndpointClient.Answer answer = TokenEndpointClient.builder().build().postForm(tokenUrl, form, Map.of());
        String refresh = answer.json() == null ? null : answer.json().path("refresh_token").asText(null);
        if (answer.status() / 100 != 2 || refresh == null || refresh.isEmpty()) {
          throw new IllegalStateException("the token endpoint " + tokenUrl + " answered " + answer.status()
              + (answer.json() != null && answer.json().has("error") ? " " + answer.json().path("error").asText() : "")
              + " without a refresh token; check the app's client id, secret and redirect URL");
        }
        tm.reauthorized(Optional.of(Secret.of(refresh, "oauth2 authorization code for " + connection)));
        out.println("Connection '" + connection + "' is authorised: its refresh token is stored encrypted in the "
            + "database and rotated there; its held work resumes.");
        return 0;
      } finally {
        server.stop(0);
      }
    }
  }

  private static String setting(ConnectionConfig c, ConnectorManifest m, String name) {
    String v = c.options().getOrDefault(name, m.auth().param(name));
    if (v == null) {
      throw new IllegalArgumentException("connection '" + c.id() + "' has no " + name + ": set option " + name);
    }
    return v;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

}
