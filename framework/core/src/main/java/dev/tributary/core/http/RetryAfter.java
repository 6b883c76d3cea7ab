package dev.tributary.core.http;

import feign.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a vendor's "wait before retrying" signal: {@code Retry-After} as delta-seconds or as an
 * HTTP-date (RFC 9110 10.2.3), and GitHub's {@code x-ratelimit-remaining: 0} with
 * {@code x-ratelimit-reset} (epoch seconds).
 */
final class RetryAfter {

  private RetryAfter() {}

  /** The wait {@code response} asks for, if it says; never negative. */
  static Optional<Duration> of(Response response, Clock clock) {
    String value = header(response.headers(), "retry-after");
    if (value != null) {
      Optional<Duration> parsed = parse(value.trim(), clock);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    if ("0".equals(trim(header(response.headers(), "x-ratelimit-remaining")))) {
      String reset = trim(header(response.headers(), "x-ratelimit-reset"));
      if (reset != null && reset.matches("\\d{1,12}")) {
        return Optional.of(nonNegative(Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset)))));
      }
    }
    return Optional.empty();
  }

  /** True for a 403 that is a rate limit, not a permission problem (GitHub's primary and secondary limits). */
  static boolean isRateLimited403(Response response) {
    return response.status() == 403
        && (header(response.headers(), "retry-after") != null
            || "0".equals(trim(header(response.headers(), "x-ratelimit-remaining"))));
  }

  static Optional<Duration> parse(String value, Clock clock) {
    if (value.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(nonNegative(Duration.between(clock.instant(), at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String header(Map<String, Collection<String>> headers, String name) {
    for (Map.Entry<String, Collection<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().iterator().next();
      }
    }
    return null;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
