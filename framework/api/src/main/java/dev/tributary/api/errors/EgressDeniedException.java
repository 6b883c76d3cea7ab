package dev.tributary.api.errors;

/**
 * The request was refused before it was sent: its host is not among the manifest's egress hosts or the connection's base URL, or it would leave loopback over plain http.
 *
 * @since 1.0
 */
public class EgressDeniedException extends VendorException {

  private static final long serialVersionUID = 1L;

  public EgressDeniedException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public EgressDeniedException(VendorCall call, String message) {
    super(call, message, null);
  }

}
