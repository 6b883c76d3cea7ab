package dev.tributary.api.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads a vendor's error body into type, code and message, so that a rejected request surfaces as
 * a {@code VendorRequestException} that says what the vendor objected to. The framework's default
 * understands the common shapes (Stripe {@code {"error":{"type","code","message"}}}, HubSpot
 * {@code {"status","message","category"}}, GitHub {@code {"message","documentation_url"}});
 * a connector whose vendor answers differently binds its own in its module:
 *
 * <pre>{@code
 * bind(VendorErrorParser.class).toInstance((status, body) ->
 *     Optional.of(new VendorErrorParser.VendorError(body.path("kind").asText(null), null,
 *         body.path("detail").asText(null))));
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not copy personal data from the body into the
 * message: it is logged.
 *
 * @since 1.0
 */
@FunctionalInterface
public interface VendorErrorParser {

  /**
   * The error in {@code body}, a JSON body the vendor sent with a 4xx {@code status}; empty if the
   * body is not in this vendor's error shape.
   */
  Optional<VendorError> parse(int status, JsonNode body);

  /**
   * A vendor's error description; any part may be null.
   *
   * @param type the vendor's error type or category, e.g. {@code invalid_request_error}
   * @param code the vendor's error code, e.g. {@code resource_missing}
   * @param message the vendor's human-readable message
   * @since 1.0
   */
  record VendorError(String type, String code, String message) {}
}
