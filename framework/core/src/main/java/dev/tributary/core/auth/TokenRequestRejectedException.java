package dev.tributary.core.auth;

import java.util.Set;

/**
 * The token endpoint answered with an error that retrying cannot fix: an OAuth2 error response
 * (RFC 6749 s.5.2) such as {@code invalid_grant}, or a custom scheme's equivalent (GitHub
 * answering 401 to the app JWT). The message carries the error code and a redacted description.
 */
public final class TokenRequestRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Errors meaning the grant or the client is gone: the connection must be re-authorised. */
  public static final Set<String> GRANT_GONE =
      Set.of("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope");

  private final String error;
  private final int status;

  public TokenRequestRejectedException(String error, int status, String message) {
    super(message);
    this.error = error;
    this.status = status;
  }

  /** The OAuth2 {@code error} code (or the scheme's equivalent). */
  public String error() {
    return error;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** True when only an operator can fix it: the grant, the client or the scopes were refused. */
  public boolean reauthorizationRequired() {
    return GRANT_GONE.contains(error);
  }
}
