package dev.tributary.core.http;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.credential.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * The static {@link Authenticator}s: an API key in a header and a bearer token, both from a
 * {@link Secret}. A static credential cannot be refreshed, so {@code onUnauthorized()} returns
 * false and a 401 ends the call. Their {@code toString()} names the secret's source only.
 */
public final class Authenticators {

  private Authenticators() {}

  /** Sends {@code secret} in header {@code header}, e.g. {@code X-Api-Key}. */
  public static Authenticator apiKey(String header, Secret secret) {
    Objects.requireNonNull(header, "header");
    if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException("api key header '" + header + "' is not a valid header name");
    }
    return new Static(header, Objects.requireNonNull(secret, "secret"), "");
  }

  /** Sends {@code Authorization: Bearer <secret>}. */
  public static Authenticator bearer(Secret secret) {
    return new Static("Authorization", Objects.requireNonNull(secret, "secret"), "Bearer ");
  }

  /**
   * The static authenticator for a manifest's {@code api-key} or {@code bearer} scheme, or
   * {@link Authenticator#NONE} for {@code none} (then {@code secret} may be null).
   *
   * @throws IllegalArgumentException for any other scheme type: those need the token manager or
   *     an auth plug-in
   */
  public static Authenticator forScheme(AuthScheme scheme, Secret secret) {
    return switch (scheme.type()) {
      case AuthScheme.NONE -> Authenticator.NONE;
      case AuthScheme.API_KEY -> apiKey(scheme.param("header"), secret);
      case AuthScheme.BEARER -> bearer(secret);
      default -> throw new IllegalArgumentException("auth scheme '" + scheme.type()
          + "' is not static: use the token manager or its auth plug-in (static schemes: "
          + AuthScheme.NONE + ", " + AuthScheme.API_KEY + ", " + AuthScheme.BEARER + ")");
    };
  }

  private record Static(String header, Secret secret, String prefix) implements Authenticator {
    @Override
    public Map<String, String> headers() {
      return Map.of(header, prefix + secret.reveal());
    }

    @Override
    public boolean onUnauthorized() {
      return false;
    }

    @Override
    public String toString() {
      return "StaticAuthenticator[" + header + " from " + secret.source() + "]";
    }
  }
}
