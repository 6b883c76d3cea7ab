package dev.tributary.api.errors;

import java.util.Optional;

/**
 * The vendor rejected the request itself (a 4xx other than 401, 403 and 429): bad parameters, not
 * found, conflict. Never retried, because the same request would fail again. Carries the vendor's
 * own error type, code and message where the connector's error body could be parsed.
 *
 * @since 1.0
 */
public class VendorRequestException extends VendorException {

  private static final long serialVersionUID = 1L;

  private final String errorType;
  private final String errorCode;
  private final String vendorMessage;

  public VendorRequestException(VendorCall call, String errorType, String errorCode, String vendorMessage) {
    super(call, "vendor rejected the request"
        + (errorType != null ? " (" + errorType + (errorCode != null ? "/" + errorCode : "") + ")" : "")
        + (vendorMessage != null ? ": " + vendorMessage : ""));
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.vendorMessage = vendorMessage;
  }

  /** The vendor's error type, e.g. Stripe's {@code invalid_request_error}. */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The vendor's error code, e.g. {@code resource_missing}. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The vendor's human-readable message. */
  public Optional<String> vendorMessage() {
    return Optional.ofNullable(vendorMessage);
  }
}
