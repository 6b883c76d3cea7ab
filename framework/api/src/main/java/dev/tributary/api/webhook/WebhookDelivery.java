package dev.tributary.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One inbound webhook request exactly as received: signatures are checked over {@link #body()},
 * the raw bytes, never over re-serialized JSON. Header names are case-insensitive.
 *
 * @param method the HTTP method
 * @param uri the full request URI as the vendor addressed it (HubSpot signs it)
 * @param headers the request headers
 * @param body the raw body
 * @param receivedAt when the host received it
 * @since 1.0
 */
public record WebhookDelivery(String method, String uri, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

  public WebhookDelivery {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(h);
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public String toString() {
    return "WebhookDelivery[" + method + " " + uri + ", " + body.length + " bytes]";
  }
}
