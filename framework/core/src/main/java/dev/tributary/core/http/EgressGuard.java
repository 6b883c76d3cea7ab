package dev.tributary.core.http;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.errors.EgressDeniedException;
import dev.tributary.api.errors.VendorCall;
import dev.tributary.core.config.ConnectionConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses a request before it is sent unless it goes to a declared egress host or to the
 * connection's own base-URL host, over https (plain http only to loopback, for local tests and
 * sidecars). Loopback is decided from the literal host, never by a DNS lookup, so a name cannot be
 * made to resolve to 127.0.0.1 to get plain http.
 */
final class EgressGuard {

  private final ConnectorManifest manifest;
  private final ConnectionConfig connection;
  private final Optional<String> overrideHost;

  EgressGuard(ConnectorManifest manifest, ConnectionConfig connection) {
    this.manifest = manifest;
    this.connection = connection;
    this.overrideHost = connection.baseUrl().map(URI::getHost).map(h -> h.toLowerCase(Locale.ROOT));
  }

  void check(String url, VendorCall call) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new EgressDeniedException(call, "the request URL is not a valid URI");
    }
    String host = uri.getHost();
    if (host == null) {
      throw new EgressDeniedException(call, "the request URL has no host");
    }
    host = host.toLowerCase(Locale.ROOT);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(host))) {
      throw new EgressDeniedException(call, "scheme '" + scheme + "' to host '" + host
          + "' is refused: vendor calls use https (plain http only to loopback)");
    }
    if (!manifest.hostAllowed(host) && !overrideHost.map(host::equals).orElse(false)) {
      throw new EgressDeniedException(call, "host '" + host + "' is not an egress host of connector '"
          + manifest.id() + "' " + manifest.egressHosts().stream().sorted().toList()
          + (overrideHost.isPresent() ? " nor the host of connection '" + connection.id() + "''s base URL" : "")
          + ": declare it in the manifest's egressHosts");
    }
  }

  private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
        || LOOPBACK_V4.matcher(h).matches();
  }
}
