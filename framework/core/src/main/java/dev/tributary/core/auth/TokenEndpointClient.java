package dev.tributary.core.auth;

import dev.tributary.core.http.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.credential.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls token endpoints (OAuth2, GitHub App) with the JDK {@link HttpClient}: connect and request
 * timeouts, retries with exponential backoff and jitter on transient failures (connection errors,
 * timeouts, 429, 5xx, and OAuth2 {@code temporarily_unavailable}/{@code server_error}), none on
 * anything else; a {@code Retry-After} is honoured up to the maximum backoff. An OAuth2 error body
 * becomes a {@link TokenRequestRejectedException}. Nothing it
 * throws or logs contains a token: response text in messages passes through {@link Redactor}.
 * Immutable, thread-safe.
 *
 * <p>This is framework code rather than a connector's Feign client because the token endpoint sits
 * beneath the connector's own auth interceptor.
 */
public final class TokenEndpointClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;

  private TokenEndpointClient(Builder b) {
    this.http = b.http != null ? b.http
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** POSTs {@code form} as {@code application/x-www-form-urlencoded} and returns the JSON answer. */
  public Answer postForm(URI endpoint, Map<String, String> form, Map<String, String> headers) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
    return post(endpoint, "application/x-www-form-urlencoded", body.toString(), headers);
  }

  /** POSTs a JSON body (or none when {@code json} is empty) and returns the JSON answer. */
  public Answer postJson(URI endpoint, String json, Map<String, String> headers) {
    return post(endpoint, "application/json", json, headers);
  }

  private Answer post(URI endpoint, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", contentType)
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(rb::setHeader);
    HttpRequest request = rb.build();
    String where = "POST " + endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath();
    String lastFailure = "";
    int lastStatus = 0;
    Throwable lastCause = null;
    Duration retryAfter = Duration.ZERO;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        pause(attempt - 1, retryAfter, where);
        retryAfter = Duration.ZERO;
      }
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (HttpTimeoutException e) {
        lastFailure = "timed out after " + requestTimeout.toMillis() + " ms";
        lastStatus = 0;
        lastCause = null;
        continue;
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Redactor.redact(e.getMessage()));
        lastStatus = 0;
        lastCause = null;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenEndpointException(where + " was interrupted", 0, true, null);
      }
      int status = response.statusCode();
      JsonNode json = parse(response.body());
      if (status >= 200 && status < 300) {
        if (json == null || !json.isObject()) {
          throw new TokenEndpointException(where + " answered " + status + " with a body that is not a JSON object ("
              + snippet(response.body()) + ")", status, false, null);
        }
        return new Answer(status, json);
      }
      String error = json != null && json.hasNonNull("error") && json.get("error").isTextual() ? json.get("error").asText() : null;
      boolean transientError = status == 429 || status >= 500
          || "temporarily_unavailable".equals(error) || "server_error".equals(error);
      if (transientError) {
        lastStatus = status;
        lastFailure = "answered " + status + (error != null ? " " + error : "");
        retryAfter = retryAfter(response);
        if (retryAfter.compareTo(maxBackoff) > 0) {
          // Waiting longer would hold every caller of this connection; let the job retry later.
          throw new TokenEndpointException(where + " " + lastFailure + " with Retry-After " + retryAfter.toSeconds()
              + " s, longer than the " + maxBackoff.toSeconds() + " s this client waits", status, true, null);
        }
        continue;
      }
      if (error != null) {
        String description = json.hasNonNull("error_description") ? json.get("error_description").asText() : "";
        throw new TokenRequestRejectedException(error, status, where + " answered " + status + " " + error
            + (description.isEmpty() ? "" : " (" + snippet(description) + ")"));
      }
      throw new TokenRequestRejectedException(status == 401 || status == 403 ? "invalid_client" : "http_" + status, status,
          where + " answered " + status + " (" + snippet(response.body()) + ")");
    }
    throw new TokenEndpointException(where + " failed " + maxAttempts + " times; last: " + lastFailure,
        lastStatus, true, lastCause);
  }

  private void pause(int retry, Duration retryAfter, String where) {
    long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    // Jitter on the upper half, so many processes retrying at once spread out; never before Retry-After.
    long delay = Math.max(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1), retryAfter.toMillis());
    try {
      sleeper.sleep(Duration.ofMillis(delay));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenEndpointException(where + " was interrupted while backing off", 0, true, null);
    }
  }

  /** Retry-After in delay-seconds; the HTTP-date form is rare on token endpoints and ignored. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("[0-9]{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(Duration.ZERO);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String snippet(String text) {
    String t = Redactor.redact(text == null ? "" : text.strip());
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A successful answer: its status and JSON object. */
  public record Answer(int status, JsonNode json) {}

  /** Builds a {@link TokenEndpointClient}. Not thread-safe. */
  public static final class Builder {
    private HttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** A preconfigured client (proxy, TLS); its own timeouts apply. */
    public Builder httpClient(HttpClient client) {
      http = Objects.requireNonNull(client, "client");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration d) {
      requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** @throws IllegalArgumentException unless 1..10 */
    public Builder maxAttempts(int n) {
      if (n < 1 || n > 10) {
        throw new IllegalArgumentException("maxAttempts must be 1..10, was " + n);
      }
      maxAttempts = n;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      initialBackoff = positive(initial, "initial backoff");
      maxBackoff = positive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is less than initial backoff " + initial);
      }
      return this;
    }

    public Builder sleeper(Sleeper s) {
      sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    public TokenEndpointClient build() {
      return new TokenEndpointClient(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
