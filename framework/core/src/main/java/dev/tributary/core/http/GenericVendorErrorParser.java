package dev.tributary.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.VendorErrorParser;
import java.util.Optional;

/**
 * The default {@link VendorErrorParser}: Stripe {@code {"error":{"type","code","message"}}},
 * HubSpot {@code {"status","message","category","correlationId"}}, GitHub
 * {@code {"message","documentation_url"}}, and the common {@code {"error":"...","error_description"}}
 * of OAuth-style APIs.
 */
final class GenericVendorErrorParser implements VendorErrorParser {

  static final GenericVendorErrorParser INSTANCE = new GenericVendorErrorParser();

  private static final int MAX_MESSAGE = 300;

  @Override
  public Optional<VendorError> parse(int status, JsonNode body) {
    if (body == null || !body.isObject()) {
      return Optional.empty();
    }
    JsonNode error = body.get("error");
    if (error != null && error.isObject()) { // Stripe
      return of(text(error, "type"), text(error, "code"), text(error, "message"));
    }
    if (body.has("category") || body.has("correlationId")) { // HubSpot
      return of(text(body, "category"), text(body, "subCategory"), text(body, "message"));
    }
    if (error != null && error.isTextual()) { // OAuth-style
      return of(error.asText(), null, text(body, "error_description"));
    }
    if (body.has("message")) { // GitHub and most others
      return of(null, null, text(body, "message"));
    }
    return Optional.empty();
  }

  private static Optional<VendorError> of(String type, String code, String message) {
    if (type == null && code == null && message == null) {
      return Optional.empty();
    }
    return Optional.of(new VendorError(type, code, message));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
  }
}
