package dev.tributary.host.server;

import com.sun.net.httpserver.HttpExchange;
import dev.tributary.api.credential.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the admin actions: a cross-site request is refused before anything else
 * ({@code Sec-Fetch-Site}, then {@code Origin} against {@code Host}); a form post must carry a CSRF
 * token the status page issued (single use, one hour); and every action needs the admin token, as
 * {@code Authorization: Bearer} or the form's {@code token} field, compared in constant time.
 * Without a configured admin token every action is refused. Thread-safe.
 */
final class AdminGuard {

  static final Duration CSRF_TTL = Duration.ofHours(1);
  private static final int MAX_CSRF = 10_000;

  private final Optional<Secret> adminToken;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> csrf = new ConcurrentHashMap<>();

  AdminGuard(Optional<Secret> adminToken, Clock clock) {
    this.adminToken = adminToken;
    this.clock = clock;
  }

  boolean enabled() {
    return adminToken.isPresent();
  }

  /** A fresh CSRF token for one rendered form. */
  String issueCsrf() {
    Instant now = clock.instant();
    if (csrf.size() >= MAX_CSRF) {
      csrf.values().removeIf(t -> t.isBefore(now));
      if (csrf.size() >= MAX_CSRF) {
        csrf.clear();
      }
    }
    byte[] b = new byte[24];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    csrf.put(token, now.plus(CSRF_TTL));
    return token;
  }

  /** Why the request is refused (status and message), or empty when it may proceed. */
  Optional<Refusal> check(HttpExchange ex, Map<String, String> form) {
    String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return Optional.of(new Refusal(403, "cross-site request refused (Sec-Fetch-Site: " + site + ")"));
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
      return Optional.of(new Refusal(403, "cross-site request refused (Origin does not match Host)"));
    }
    if (adminToken.isEmpty()) {
      return Optional.of(new Refusal(403, "admin actions are disabled: set server.adminToken to a secret reference"));
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String presented;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = auth.substring(7).strip();
    } else {
      String token = form.get("csrf");
      Instant expires = token == null ? null : csrf.remove(token);
      if (expires == null || expires.isBefore(clock.instant())) {
        return Optional.of(new Refusal(403, "missing or expired CSRF token: reload the status page and try again"));
      }
      presented = form.getOrDefault("token", "");
    }
    if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken.get().revealBytes())) {
      return Optional.of(new Refusal(401, "admin token missing or wrong"));
    }
    return Optional.empty();
  }

  record Refusal(int status, String message) {}
}
