package dev.tributary.core.auth;

import dev.tributary.api.credential.Secret;
import java.util.Optional;

/**
 * Obtains a fresh access token from a vendor: one grant of one auth scheme. The {@link TokenManager}
 * decides when to call it (single-flight, after the locks) and stores what it returns; a source
 * keeps no token state. Thread-safe.
 */
public interface TokenSource {

  /**
   * Requests a new token.
   *
   * @param refreshToken the current refresh token when {@link #usesRefreshToken()}, else empty
   * @throws TokenRequestRejectedException when the vendor refuses the grant or client
   * @throws TokenEndpointException when the endpoint stayed unavailable through the retries
   */
  FetchedToken fetch(Optional<Secret> refreshToken);

  /** True for grants that spend a refresh token (RFC 6749 s.6). */
  default boolean usesRefreshToken() {
    return false;
  }

  /** Where tokens come from, for messages: {@code POST /oauth/v1/token}. Never a secret. */
  String endpoint();
}
