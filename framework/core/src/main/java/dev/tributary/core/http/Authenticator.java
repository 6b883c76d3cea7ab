package dev.tributary.core.http;

import java.util.Map;

/**
 * Puts a connection's credentials on an outbound vendor request. The HTTP layer calls
 * {@link #headers()} before every attempt and {@link #onUnauthorized()} once when the vendor
 * answers 401 to a credential believed valid. Implementations: static API key / bearer (from a
 * {@code Secret}) and the token manager (OAuth2, GitHub App). Thread-safe.
 */
public interface Authenticator {

  /** No credentials. */
  Authenticator NONE = new Authenticator() {
    @Override
    public Map<String, String> headers() {
      return Map.of();
    }

    @Override
    public boolean onUnauthorized() {
      return false;
    }
  };

  /**
   * The headers to add, e.g. {@code Authorization: Bearer ...}. May block while a token is
   * refreshed; never returns an expired or unverified credential.
   *
   * @throws dev.tributary.api.errors.ReauthorizationRequiredException when the connection needs
   *     re-authorisation: the request must not be sent
   */
  Map<String, String> headers();

  /**
   * The vendor refused the credential from {@link #headers()}. Returns true if a fresh credential
   * was obtained and the request deserves exactly one more attempt; false if retrying is
   * pointless (a static key).
   */
  boolean onUnauthorized();
}
