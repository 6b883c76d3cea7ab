package dev.tributary.core.auth;

import dev.tributary.api.credential.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TokenSource} obtained: an access token and, when the server rotated it, a new
 * refresh token that must be stored before the access token is used.
 */
public record FetchedToken(AccessToken accessToken, Optional<Secret> rotatedRefreshToken) {

  public FetchedToken {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(rotatedRefreshToken, "rotatedRefreshToken");
  }
}
