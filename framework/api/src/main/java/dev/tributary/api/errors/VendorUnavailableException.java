package dev.tributary.api.errors;

/**
 * The vendor answered 5xx or the circuit breaker is open. Retried by the framework for idempotent requests; thrown once retries are spent.
 *
 * @since 1.0
 */
public class VendorUnavailableException extends VendorException {

  private static final long serialVersionUID = 1L;

  public VendorUnavailableException(VendorCall call, String message, Throwable cause) {
    super(call, message, cause);
  }

  public VendorUnavailableException(VendorCall call, String message) {
    super(call, message, null);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
