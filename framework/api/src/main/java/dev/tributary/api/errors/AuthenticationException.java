package dev.tributary.api.errors;

/**
 * The vendor refused the credentials (401) after one forced token refresh. Not retried.
 *
 * @since 1.0
 */
public class AuthenticationException extends VendorException {

  private static final long serialVersionUID = 1L;

  public AuthenticationException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public AuthenticationException(VendorCall call, String message) {
    super(call, message, null);
  }

}
