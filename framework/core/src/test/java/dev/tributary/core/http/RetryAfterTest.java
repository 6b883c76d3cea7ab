package dev.tributary.core.http;

import dev.tributary.core.db.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import feign.Request;
import feign.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

  private static Response response(int status, Map<String, Collection<String>> headers) {
    Request request = Request.create(Request.HttpMethod.GET, "https://api.acme.test/x", Map.of(), null,
        StandardCharsets.UTF_8, null);
    return Response.builder().status(status).headers(headers).request(request).build();
  }

  @Test
  void readsDeltaSecondsAndHttpDatesAndClampsPastDatesToZero() {
    assertThat(RetryAfter.of(response(429, Map.of("Retry-After", List.of("7"))), clock)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.of(response(503, Map.of("retry-after", List.of("Sun, 01 Mar 2026 10:00:30 GMT"))), clock))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.of(response(503, Map.of("Retry-After", List.of("Sun, 01 Mar 2026 09:00:00 GMT"))), clock))
        .contains(Duration.ZERO);
  }

  @Test
  void ignoresAnUnreadableRetryAfter() {
    assertThat(RetryAfter.of(response(429, Map.of("Retry-After", List.of("soon"))), clock)).isEmpty();
    assertThat(RetryAfter.of(response(429, Map.of("Retry-After", List.of("-5"))), clock)).isEmpty();
  }

  @Test
  void readsGitHubsRateLimitResetOnlyWhenNothingIsLeft() {
    String reset = Long.toString(clock.instant().plusSeconds(90).getEpochSecond());
    assertThat(RetryAfter.of(response(403, Map.of("x-ratelimit-remaining", List.of("0"), "x-ratelimit-reset", List.of(reset))), clock))
        .contains(Duration.ofSeconds(90));
    assertThat(RetryAfter.isRateLimited403(response(403, Map.of("x-ratelimit-remaining", List.of("0"))))).isTrue();
    assertThat(RetryAfter.isRateLimited403(response(403, Map.of("x-ratelimit-remaining", List.of("12"))))).isFalse();
    assertThat(RetryAfter.isRateLimited403(response(403, Map.of()))).isFalse();
  }
}
