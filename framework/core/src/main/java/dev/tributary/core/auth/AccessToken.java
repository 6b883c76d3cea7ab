package dev.tributary.core.auth;

import dev.tributary.api.credential.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An access token and what the server said about it. {@code grantedScopes} is empty when the
 * server did not report scopes (RFC 6749 s.5.1: then the requested scopes were granted).
 * Immutable; {@link #toString()} never shows the value.
 *
 * @param value the token
 * @param expiresAt when the server says it expires
 * @param grantedScopes the scopes granted, if reported
 */
public record AccessToken(Secret value, Instant expiresAt, Optional<Set<String>> grantedScopes) {

  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    grantedScopes = Objects.requireNonNull(grantedScopes, "grantedScopes").map(Set::copyOf);
  }
}
