package dev.tributary.api.errors;

/**
 * The vendor's response could not be read: not the declared JSON, truncated, deeper or larger than the configured limits. The page it belongs to is not written and the cursor does not move.
 *
 * @since 1.0
 */
public class MalformedResponseException extends VendorException {

  private static final long serialVersionUID = 1L;

  public MalformedResponseException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public MalformedResponseException(VendorCall call, String message) {
    super(call, message, null);
  }

}
