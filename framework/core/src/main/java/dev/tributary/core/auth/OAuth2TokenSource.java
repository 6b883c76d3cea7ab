package dev.tributary.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.credential.SecretRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OAuth2 grants against a token endpoint: refresh token (RFC 6749 s.6) and client credentials
 * (s.4.4). Settings (connection option, else scheme param): {@code tokenUrl}, {@code clientAuth}
 * ({@code post}, the default, or {@code basic}), {@code scopeOnRefresh} ({@code true} by default:
 * asks only for the requested scopes), {@code defaultExpiresIn} (seconds assumed when the answer
 * has no {@code expires_in}, default 3600). Secrets: {@code clientId} (or a setting),
 * {@code clientSecret} (omit for public clients), and for the refresh grant {@code refreshToken},
 * the initial one from the consent.
 */
final class OAuth2TokenSource implements TokenSource {

  private final boolean refreshGrant;
  private final URI tokenUrl;
  private final String clientId;
  private final Optional<Secret> clientSecret;
  private final boolean basicAuth;
  private final boolean scopeOnRefresh;
  private final Duration defaultExpiresIn;
  private final Set<String> scopes;
  private final TokenEndpointClient http;
  private final Clock clock;

  OAuth2TokenSource(AuthContext ctx, boolean refreshGrant) {
    this.refreshGrant = refreshGrant;
    String where = "connection '" + ctx.connection().id() + "': ";
    String url = ctx.setting("tokenUrl");
    try {
      this.tokenUrl = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "tokenUrl '" + url + "' is not a URL");
    }
    if (!"https".equals(tokenUrl.getScheme()) && !isLoopback(tokenUrl)) {
      throw new IllegalArgumentException(where + "tokenUrl " + url + " must use https (plain http only on loopback, for tests)");
    }
    this.clientId = ctx.optionalSecret("clientId").map(Secret::reveal).orElseGet(() -> ctx.setting("clientId"));
    this.clientSecret = ctx.optionalSecret("clientSecret");
    String auth = ctx.optionalSetting("clientAuth").orElse("post");
    if (!auth.equals("post") && !auth.equals("basic")) {
      throw new IllegalArgumentException(where + "clientAuth '" + auth + "' is unknown: use post or basic");
    }
    this.basicAuth = auth.equals("basic");
    if (basicAuth && clientSecret.isEmpty()) {
      throw new IllegalArgumentException(where + "clientAuth basic needs secret 'clientSecret'");
    }
    this.scopeOnRefresh = Boolean.parseBoolean(ctx.optionalSetting("scopeOnRefresh").orElse("true"));
    String expires = ctx.optionalSetting("defaultExpiresIn").orElse("3600");
    try {
      this.defaultExpiresIn = Duration.ofSeconds(Long.parseLong(expires));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + "defaultExpiresIn '" + expires + "' is not a number of seconds");
    }
    this.scopes = new TreeSet<>(ctx.requestedScopes());
    this.http = ctx.http();
    this.clock = ctx.clock();
  }

  @Override
  public boolean usesRefreshToken() {
    return refreshGrant;
  }

  @Override
  public String endpoint() {
    return "POST " + tokenUrl.getPath();
  }

  @Override
  public FetchedToken fetch(Optional<Secret> refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    if (refreshGrant) {
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refreshToken.orElseThrow(
          () -> new IllegalStateException("refresh-token grant called without a refresh token")).reveal());
      if (scopeOnRefresh && !scopes.isEmpty()) {
        form.put("scope", String.join(" ", scopes));
      }
    } else {
      form.put("grant_type", "client_credentials");
      if (!scopes.isEmpty()) {
        form.put("scope", String.join(" ", scopes));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (basicAuth) {
      String pair = enc(clientId) + ":" + enc(clientSecret.orElseThrow().reveal());
      headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", clientId);
      clientSecret.ifPresent(s -> form.put("client_secret", s.reveal()));
    }
    TokenEndpointClient.Answer answer = http.postForm(tokenUrl, form, headers);
    return parse(answer.json(), endpoint(), clock, defaultExpiresIn);
  }

  /** Reads an RFC 6749 s.5.1 token response, refusing anything that is not a usable bearer token. */
  static FetchedToken parse(JsonNode json, String endpoint, Clock clock, Duration defaultExpiresIn) {
    JsonNode access = json.get("access_token");
    if (access == null || !access.isTextual() || access.asText().isBlank()) {
      throw new TokenEndpointException(endpoint + " answered without an access_token", 200, false, null);
    }
    SecretRegistry.registerIssued(access.asText());
    String type = json.path("token_type").asText("");
    if (!type.equalsIgnoreCase("bearer")) {
      throw new TokenEndpointException(endpoint + " answered token_type '" + type + "'; only bearer tokens are supported", 200, false, null);
    }
    Duration lifetime = defaultExpiresIn;
    JsonNode expiresIn = json.get("expires_in");
    if (expiresIn != null && !expiresIn.isNull()) {
      long seconds = expiresIn.isNumber() ? expiresIn.asLong() : parseLong(expiresIn.asText(), endpoint);
      if (seconds <= 0) {
        throw new TokenEndpointException(endpoint + " answered expires_in " + seconds + ": the token is already expired", 200, false, null);
      }
      lifetime = Duration.ofSeconds(seconds);
    }
    Optional<Set<String>> granted = Optional.empty();
    JsonNode scope = json.get("scope");
    if (scope != null && scope.isTextual()) {
      granted = Optional.of(new LinkedHashSet<>(Arrays.stream(scope.asText().trim().split("[\\s,]+"))
          .filter(s -> !s.isEmpty()).toList()));
    } else if (json.get("scopes") != null && json.get("scopes").isArray()) {
      // HubSpot answers with a "scopes" array instead of RFC 6749's space-separated "scope".
      Set<String> list = new LinkedHashSet<>();
      json.get("scopes").forEach(n -> {
        if (n.isTextual() && !n.asText().isBlank()) {
          list.add(n.asText());
        }
      });
      granted = Optional.of(list);
    }
    Optional<Secret> rotated = Optional.empty();
    JsonNode refresh = json.get("refresh_token");
    if (refresh != null && refresh.isTextual() && !refresh.asText().isBlank()) {
      SecretRegistry.registerIssued(refresh.asText());
      rotated = Optional.of(Secret.of(refresh.asText(), "refresh_token from " + endpoint));
    }
    AccessToken token = new AccessToken(Secret.of(access.asText(), "access_token from " + endpoint),
        clock.instant().plus(lifetime), granted);
    return new FetchedToken(token, rotated);
  }

  private static long parseLong(String text, String endpoint) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new TokenEndpointException(endpoint + " answered expires_in '" + text + "', not a number", 200, false, null);
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "http".equals(uri.getScheme()) && host != null
        && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
  }

  /** {@value AuthScheme#OAUTH2_REFRESH_TOKEN}. */
  static final class RefreshTokenFactory implements AuthSchemeFactory {
    @Override
    public String type() {
      return AuthScheme.OAUTH2_REFRESH_TOKEN;
    }

    @Override
    public TokenSource create(AuthContext context) {
      return new OAuth2TokenSource(context, true);
    }
  }

  /** {@value AuthScheme#OAUTH2_CLIENT_CREDENTIALS}. */
  static final class ClientCredentialsFactory implements AuthSchemeFactory {
    @Override
    public String type() {
      return AuthScheme.OAUTH2_CLIENT_CREDENTIALS;
    }

    @Override
    public TokenSource create(AuthContext context) {
      return new OAuth2TokenSource(context, false);
    }
  }
}
