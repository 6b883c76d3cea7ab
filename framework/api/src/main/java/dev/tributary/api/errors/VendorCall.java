package dev.tributary.api.errors;

/**
 * Which vendor call failed: enough to find it in the logs, nothing secret. The path is the
 * template ({@code /crm/v3/objects/{type}}), never the expanded path or query values, which may
 * carry personal data. Immutable.
 *
 * @param connector the connector id
 * @param connection the connection id
 * @param method the HTTP method
 * @param pathTemplate the request path template
 * @param status the HTTP status, or 0 when no response arrived
 * @param correlationId the request's correlation id
 * @since 1.0
 */
public record VendorCall(String connector, String connection, String method, String pathTemplate, int status, String correlationId) {

  /** A call not yet attributed to a connection (e.g. refused before it was sent). */
  public static VendorCall unattributed(String method, String pathTemplate) {
    return new VendorCall("?", "?", method, pathTemplate, 0, "-");
  }

  /** {@code hubspot/acme GET /crm/v3/objects/contacts -> 503 [corr 4bf9...]}. */
  public String describe() {
    return connector + "/" + connection + " " + method + " " + pathTemplate
        + (status > 0 ? " -> " + status : "") + " [correlation " + correlationId + "]";
  }
}
