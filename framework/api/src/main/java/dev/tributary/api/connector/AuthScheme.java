package dev.tributary.api.connector;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a connector authenticates to its vendor. The framework applies the scheme: a connector never
 * builds an {@code Authorization} header itself.
 *
 * <p>Built-in types are {@value #API_KEY}, {@value #BEARER}, {@value #OAUTH2_REFRESH_TOKEN},
 * {@value #OAUTH2_CLIENT_CREDENTIALS} and {@value #NONE}; any other type names a custom scheme that
 * an installed auth plug-in must supply (for example GitHub App installation tokens), and start-up
 * fails if none does. Immutable, thread-safe.
 *
 * @param type the scheme's name, lower-case with dashes
 * @param params scheme settings such as the header name or the token endpoint; never secrets
 * @since 1.0
 */
public record AuthScheme(String type, Map<String, String> params) {

  public static final String NONE = "none";
  public static final String API_KEY = "api-key";
  public static final String BEARER = "bearer";
  public static final String OAUTH2_REFRESH_TOKEN = "oauth2-refresh-token";
  public static final String OAUTH2_CLIENT_CREDENTIALS = "oauth2-client-credentials";

  /** The scheme types the framework applies without a plug-in. */
  public static final Set<String> BUILT_IN =
      Set.of(NONE, API_KEY, BEARER, OAUTH2_REFRESH_TOKEN, OAUTH2_CLIENT_CREDENTIALS);

  public AuthScheme {
    Objects.requireNonNull(type, "type");
    params = Map.copyOf(Objects.requireNonNull(params, "params"));
  }

  /** No authentication (public APIs, sandboxes). */
  public static AuthScheme none() {
    return new AuthScheme(NONE, Map.of());
  }

  /** A static key sent in {@code header}, for example {@code X-Api-Key}. */
  public static AuthScheme apiKey(String header) {
    return new AuthScheme(API_KEY, Map.of("header", requireText(header, "header")));
  }

  /** A static token sent as {@code Authorization: Bearer ...}. */
  public static AuthScheme bearer() {
    return new AuthScheme(BEARER, Map.of());
  }

  /** OAuth2 refresh-token grant (RFC 6749 section 6) against {@code tokenUrl}. */
  public static AuthScheme oauth2RefreshToken(URI authorizeUrl, URI tokenUrl) {
    return new AuthScheme(OAUTH2_REFRESH_TOKEN, Map.of(
        "authorizeUrl", Objects.requireNonNull(authorizeUrl, "authorizeUrl").toString(),
        "tokenUrl", Objects.requireNonNull(tokenUrl, "tokenUrl").toString()));
  }

  /** OAuth2 client-credentials grant (RFC 6749 section 4.4) against {@code tokenUrl}. */
  public static AuthScheme oauth2ClientCredentials(URI tokenUrl) {
    return new AuthScheme(OAUTH2_CLIENT_CREDENTIALS,
        Map.of("tokenUrl", Objects.requireNonNull(tokenUrl, "tokenUrl").toString()));
  }

  /** A scheme supplied by an auth plug-in registered under {@code type}. */
  public static AuthScheme custom(String type, Map<String, String> params) {
    return new AuthScheme(requireText(type, "type"), params);
  }

  /** True for the types the framework handles itself. */
  public boolean isBuiltIn() {
    return BUILT_IN.contains(type);
  }

  /** A parameter's value, or {@code null}. */
  public String param(String name) {
    return params.get(name);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
