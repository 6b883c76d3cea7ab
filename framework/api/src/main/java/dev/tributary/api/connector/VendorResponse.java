package dev.tributary.api.connector;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vendor response body together with its status and headers, for the vendor calls whose
 * headers matter: {@code Link} pagination, {@code ETag} for conditional requests, rate-limit
 * counters. Declare it as the return type of a Feign method and the framework decodes the body
 * into {@code T}:
 *
 * <pre>{@code
 * @RequestLine("GET /repos/{owner}/{repo}/issues?state=all&sort=updated&since={since}")
 * @Headers("If-None-Match: {etag}")
 * VendorResponse<List<IssueDto>> issues(@Param("owner") String owner, ..., @Param("etag") String etag);
 * }</pre>
 *
 * <p>A {@code 304 Not Modified} arrives as a response with {@link #notModified()} true and a null
 * body, not as an error. Header names are case-insensitive. Immutable when the body is.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the decoded body; null for 304 and empty bodies
 * @param <T> the body type
 * @since 1.0
 */
public record VendorResponse<T>(int status, Map<String, List<String>> headers, T body) {

  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
  private static final Pattern REL = Pattern.compile(";\\s*rel=\"?([^\";]+)\"?");

  public VendorResponse {
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> {
      if (k != null) {
        h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
      }
    });
    headers = Collections.unmodifiableMap(h);
  }

  /** True for {@code 304 Not Modified}: the resource has not changed since the given ETag. */
  public boolean notModified() {
    return status == 304;
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The target of the RFC 8288 {@code Link} header entry with relation {@code rel}, e.g. the
   * {@code next} page of a GitHub listing.
   */
  public Optional<String> link(String rel) {
    for (String value : headers.getOrDefault("link", List.of())) {
      Matcher m = LINK.matcher(value);
      while (m.find()) {
        Matcher r = REL.matcher(m.group(2));
        while (r.find()) {
          for (String one : r.group(1).trim().split("\\s+")) {
            if (one.equalsIgnoreCase(rel)) {
              return Optional.of(m.group(1));
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
