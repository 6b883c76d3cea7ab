package dev.tributary.api.errors;

import java.util.Objects;

/**
 * The root of everything that can go wrong calling a vendor, after the framework's retries. The
 * runtime acts on the subtype (wait, retry later, stop and ask for re-authorisation), so a connector
 * lets these propagate. Messages name the connector, connection, method, path template, status and
 * correlation id, never secrets or query values.
 *
 * @since 1.0
 */
public class VendorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient VendorCall call;

  public VendorException(VendorCall call, String message, Throwable cause) {
    super(Objects.requireNonNull(call, "call").describe() + ": " + message, cause);
    this.call = call;
  }

  public VendorException(VendorCall call, String message) {
    this(call, message, null);
  }

  /** The failed call. */
  public VendorCall call() {
    return call;
  }

  /** True when the same request may succeed later without any change. */
  public boolean isRetriable() {
    return false;
  }
}
