package dev.tributary.connector.github;

import dev.tributary.api.connector.VendorResponse;
import dev.tributary.api.stream.StreamContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Follows GitHub's {@code Link} pagination. GitHub's docs ask clients to follow the link rather than
 * build page URLs (parameters differ per endpoint, and the link names the repository by id). The
 * link's host is dropped: its path and query are requested from the connection's own base URL, so a
 * link can never lead a call to another host.
 */
final class Links {

  private Links() {}

  /**
   * The {@code rel="next"} target of {@code response} as {@code /path?query} relative to the API
   * root, or empty on the last page.
   */
  static Optional<String> next(VendorResponse<?> response, StreamContext context) {
    return response.link("next").map(link -> relative(link, apiPath(context)));
  }

  static String relative(String link, String apiPath) {
    URI uri;
    try {
      uri = URI.create(link);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Link header's next target is not a URL");
    }
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("the Link header's next target has no absolute path");
    }
    // GitHub Enterprise Server serves the API below /api/v3 and its links carry that prefix, which
    // the connection's base URL already holds.
    if (!apiPath.isEmpty() && path.startsWith(apiPath + "/")) {
      path = path.substring(apiPath.length());
    }
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The path of a {@code next} value. */
  static String path(String next) {
    int q = next.indexOf('?');
    return q < 0 ? next : next.substring(0, q);
  }

  /** The query parameters of a {@code next} value, still percent-encoded, in order. */
  static Map<String, Object> query(String next) {
    Map<String, Object> query = new LinkedHashMap<>();
    int q = next.indexOf('?');
    if (q < 0) {
      return query;
    }
    for (String pair : next.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return query;
  }

  /** The API root's path: empty for api.github.com, {@code /api/v3} for GitHub Enterprise Server. */
  static String apiPath(StreamContext context) {
    return context.option("apiUrl").map(url -> {
      String p = URI.create(url).getRawPath();
      if (p == null) {
        return "";
      }
      return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }).orElse("");
  }
}
