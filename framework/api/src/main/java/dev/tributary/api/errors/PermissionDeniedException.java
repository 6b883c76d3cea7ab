package dev.tributary.api.errors;

/**
 * The credentials are valid but lack a permission or scope (403 without a rate-limit signal). Not retried.
 *
 * @since 1.0
 */
public class PermissionDeniedException extends VendorException {

  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public PermissionDeniedException(VendorCall call, String message) {
    super(call, message, null);
  }

}
