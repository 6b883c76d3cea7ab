package dev.tributary.api.errors;

/**
 * The connection's grant is gone ({@code invalid_grant}, revoked client, missing scopes): the
 * framework marks the connection as needing re-authorisation, stops its work and turns its health
 * red. Nothing is retried until an operator re-authorises it.
 *
 * @since 1.0
 */
public class ReauthorizationRequiredException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  public ReauthorizationRequiredException(VendorCall call, String message) {
    super(call, message);
  }
}
