package dev.tributary.api.errors;

/**
 * No response in time (connect, read or overall timeout). Retried by the framework; thrown once retries are spent.
 *
 * @since 1.0
 */
public class VendorTimeoutException extends VendorException {

  private static final long serialVersionUID = 1L;

  public VendorTimeoutException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public VendorTimeoutException(VendorCall call, String message) {
    super(call, message, null);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
