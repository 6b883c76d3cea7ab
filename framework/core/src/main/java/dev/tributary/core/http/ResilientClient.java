package dev.tributary.core.http;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.errors.VendorCall;
import dev.tributary.api.errors.VendorTimeoutException;
import dev.tributary.api.errors.VendorUnavailableException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import feign.Client;
import feign.Request;
import feign.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Feign {@link Client} that carries one connection's whole outbound pipeline. Per call:
 * egress check, correlation id (MDC, {@code traceparent}, {@code X-Request-Id}); then the retry
 * loop, whose every attempt passes
 *
 * <ol>
 *   <li>rate limiter (a retry pays for its permit like any request),
 *   <li>bulkhead (no slot is held while sleeping between attempts),
 *   <li>circuit breaker (sees every attempt; an open circuit fails fast, unretried),
 *   <li>timeouts: connect on the JDK client; read covering headers (JDK client) and the whole body
 *       (a Failsafe {@link Timeout} that interrupts a stalled read),
 * </ol>
 *
 * <p>and is logged once. Retried: connect failures and 429 / rate-limited 403 for every method
 * (the vendor provably did not act on the request); read timeouts, I/O errors, 500, 502, 503 and
 * 504 only for idempotent methods or a write that carries the idempotency key. A 401 calls
 * {@link Authenticator#onUnauthorized()} once and retries once if it got a fresh credential. The
 * final response goes to the error decoder with the attempt count attached.
 *
 * <p>Retries sleep through the injected {@link Sleeper} and measure their budget on the injected
 * {@link Clock}, instead of Failsafe's own retry executor, which sleeps with
 * {@code Thread.sleep} and times with {@code System.nanoTime()}.
 */
final class ResilientClient implements Client {

  static final Logger LOG = LoggerFactory.getLogger("dev.tributary.vendor.calls");

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final Client transport;
  private final ConnectorManifest manifest;
  private final ConnectionHandle connection;
  private final HttpSettings settings;
  private final Supplier<ConnectionPolicies> policiesOfConnection;
  private final Clock clock;
  private final Sleeper sleeper;
  private final VendorCallListener listener;
  private final String userAgent;
  private final EgressGuard egress;
  private final FailsafeExecutor<Response> readTimeout;

  ResilientClient(Client transport, ConnectorManifest manifest, ConnectionHandle connection, HttpSettings settings,
      Supplier<ConnectionPolicies> policies, Clock clock, Sleeper sleeper, VendorCallListener listener, String userAgent) {
    this.transport = transport;
    this.manifest = manifest;
    this.connection = connection;
    this.settings = settings;
    this.policiesOfConnection = policies;
    this.clock = clock;
    this.sleeper = sleeper;
    this.listener = listener;
    this.userAgent = userAgent;
    this.egress = new EgressGuard(manifest, connection.config());
    // The JDK client's request timeout ends at the response headers; this one also covers the body.
    this.readTimeout = Failsafe.with(Timeout.<Response>builder(settings.readTimeout()).withInterrupt().build());
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    String method = request.httpMethod().name();
    String template = CallInfo.pathTemplate(request);
    String correlationId = Correlation.newTraceId();
    String previous = MDC.get(Correlation.MDC_KEY);
    MDC.put(Correlation.MDC_KEY, correlationId);
    try {
      egress.check(request.url(), call(method, template, 0, correlationId));
      return callWithRetries(request, options, method, template, correlationId);
    } finally {
      if (previous == null) {
        MDC.remove(Correlation.MDC_KEY);
      } else {
        MDC.put(Correlation.MDC_KEY, previous);
      }
    }
  }

  private Response callWithRetries(Request request, Request.Options options, String method, String template,
      String correlationId) {
    Instant start = clock.instant();
    boolean idempotent = IDEMPOTENT.contains(method)
        || RetryAfter.header(request.headers(), settings.idempotencyKeyHeader()) != null;
    boolean reauthorized = false;
    int attempt = 0;
    while (true) {
      attempt++;
      Attempt result = attempt(request, options, method, template, correlationId, attempt);
      Duration delay;
      if (result.response != null) {
        Response response = result.response;
        int status = response.status();
        if (status == 401 && !reauthorized) {
          reauthorized = true;
          if (connection.authenticator().onUnauthorized()) {
            response.close();
            continue; // once, at once: a fresh credential needs no backoff
          }
        }
        boolean rateLimited = status == 429 || RetryAfter.isRateLimited403(response);
        boolean retryable = rateLimited
            || (idempotent && (status == 500 || status == 502 || status == 503 || status == 504));
        if (!retryable) {
          return finish(response, attempt, correlationId);
        }
        Optional<Duration> retryAfter = RetryAfter.of(response, clock);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.retryAfterCap()) > 0) {
          return finish(response, attempt, correlationId); // the job is rescheduled with RateLimitedException#retryAfter
        }
        delay = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
        if (!budgetAllows(attempt, start, delay)) {
          return finish(response, attempt, correlationId);
        }
        response.close();
      } else {
        IOException e = result.failure;
        boolean notSent = e instanceof HttpConnectTimeoutException || e instanceof ConnectException;
        delay = backoff(attempt);
        if (!(notSent || idempotent) || !budgetAllows(attempt, start, delay)) {
          throw failure(e, method, template, correlationId, attempt);
        }
      }
      sleep(delay, method, template, correlationId);
    }
  }

  private boolean budgetAllows(int attempt, Instant start, Duration delay) {
    if (attempt >= settings.maxAttempts()) {
      return false;
    }
    Duration elapsed = Duration.between(start, clock.instant());
    return elapsed.plus(delay).compareTo(settings.maxRetryDuration()) <= 0;
  }

  /** Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): uniform in [0, ceiling]. */
  private Duration backoff(int attempt) {
    long initial = settings.initialBackoff().toNanos();
    long max = settings.maxBackoff().toNanos();
    int shift = Math.min(attempt - 1, 30);
    long ceiling = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  private void sleep(Duration delay, String method, String template, String correlationId) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VendorUnavailableException(call(method, template, 0, correlationId),
          "interrupted while waiting to retry", e);
    }
  }

  private Attempt attempt(Request request, Request.Options options, String method, String template,
      String correlationId, int attempt) {
    ConnectionPolicies policies = policiesOfConnection.get();
    sleep(policies.reserveRatePermit(), method, template, correlationId);
    Request outbound = withHeaders(request, correlationId);
    boolean slot;
    try {
      slot = policies.acquireBulkhead(settings.bulkheadMaxWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VendorUnavailableException(call(method, template, 0, correlationId),
          "interrupted while waiting for a bulkhead slot", e);
    }
    if (!slot) {
      report(method, template, 0, "bulkhead_full", attempt, Duration.ZERO, correlationId);
      throw new VendorUnavailableException(call(method, template, 0, correlationId),
          "bulkhead full: " + settings.bulkheadMaxConcurrent() + " requests of this connection were in flight for "
              + settings.bulkheadMaxWait() + "; raise HttpSettings.bulkheadMaxConcurrent or lower the load");
    }
    try {
      if (!policies.acquireCircuit()) {
        report(method, template, 0, "circuit_open", attempt, Duration.ZERO, correlationId);
        throw new VendorUnavailableException(call(method, template, 0, correlationId),
            "circuit open after " + settings.circuitFailureThreshold()
                + " consecutive failures; failing fast until " + policies.circuitRetryAt());
      }
      Instant t0 = clock.instant();
      Response response;
      try {
        response = readTimeout.get(() -> buffered(transport.execute(outbound, options)));
      } catch (FailsafeException e) {
        policies.recordFailure();
        IOException io = e instanceof TimeoutExceededException ? new BodyTimeoutException()
            : e.getCause() instanceof IOException cause ? cause : null;
        if (io == null) {
          throw e;
        }
        report(method, template, 0, io instanceof HttpTimeoutException ? "timeout" : "io_error", attempt,
            Duration.between(t0, clock.instant()), correlationId);
        return new Attempt(null, io);
      } catch (RuntimeException | Error e) {
        policies.recordFailure(); // a half-open circuit must get its trial permit back
        throw e;
      }
      int status = response.status();
      if (status >= 500 || status == 408) {
        policies.recordFailure();
      } else {
        policies.recordSuccess();
      }
      report(method, template, status, status < 400 ? "ok" : "http_error", attempt,
          Duration.between(t0, clock.instant()), correlationId);
      return new Attempt(response, null);
    } finally {
      policies.releaseBulkhead();
    }
  }

  private Request withHeaders(Request request, String correlationId) {
    Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    manifest.defaultHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
    request.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    headers.put("User-Agent", List.of(userAgent));
    headers.putIfAbsent("Accept", List.of("application/json"));
    headers.put("Accept-Encoding", List.of("gzip"));
    headers.put(CallInfo.REQUEST_ID_HEADER, List.of(correlationId));
    headers.put("traceparent", List.of(Correlation.traceparent(correlationId)));
    connection.authenticator().headers().forEach((k, v) -> headers.put(k, List.of(v)));
    return Request.create(request.httpMethod(), request.url(), headers, request.body(),
        request.charset(), request.requestTemplate());
  }

  /**
   * Reads the body within the attempt, so that the read timeout covers it (a vendor that stalls
   * mid-body is cut off) and a body cut short is retried like any I/O error. Bounded by
   * {@link HttpSettings#maxResponseBytes()}; an oversized body is handed to the decoder as a
   * failure so the call ends in MalformedResponseException, unretried.
   */
  private Response buffered(Response response) throws IOException {
    if (response.body() == null) {
      return response;
    }
    Integer length = response.body().length();
    if (length != null && length > settings.maxResponseBytes()) {
      response.close();
      return response.toBuilder().body(new FailingStream(new ResponseTooLargeException(settings.maxResponseBytes())), null)
          .build();
    }
    byte[] bytes;
    try (InputStream in = new LimitedInputStream(response.body().asInputStream(), settings.maxResponseBytes())) {
      // Content-Length sizes the buffer exactly in the common case; it is the compressed size for
      // gzip, so whatever follows is read on.
      byte[] head = length != null ? in.readNBytes(length) : new byte[0];
      int next = in.read();
      if (next < 0) {
        bytes = head;
      } else {
        ByteArrayOutputStream rest = new ByteArrayOutputStream(Math.max(head.length * 4, 8192));
        rest.write(head);
        rest.write(next);
        in.transferTo(rest);
        bytes = rest.toByteArray();
      }
    } catch (ResponseTooLargeException e) {
      return response.toBuilder().body(new FailingStream(e), null).build();
    }
    return response.toBuilder().body(bytes).build();
  }

  private Response finish(Response response, int attempts, String correlationId) {
    Map<String, Collection<String>> headers = new LinkedHashMap<>(response.headers());
    headers.put(CallInfo.ATTEMPTS_HEADER, List.of(Integer.toString(attempts)));
    headers.put(CallInfo.CORRELATION_HEADER, List.of(correlationId));
    if (response.status() == 304) {
      // Not an error: "unchanged since your ETag". Feign would hand a 304 to the error decoder, so
      // it travels as a bodiless 200 that remembers its status; the decoder returns it as
      // VendorResponse#notModified().
      headers.put(CallInfo.ORIGINAL_STATUS_HEADER, List.of("304"));
      return response.toBuilder().status(200).headers(headers).body((byte[]) null).build();
    }
    return response.toBuilder().headers(headers).build();
  }

  private RuntimeException failure(IOException e, String method, String template, String correlationId, int attempts) {
    VendorCall call = call(method, template, 0, correlationId);
    String after = attempts > 1 ? " after " + attempts + " attempts" : "";
    if (e instanceof HttpConnectTimeoutException) {
      return new VendorTimeoutException(call, "connect timed out (" + settings.connectTimeout() + ")" + after, e);
    }
    if (e instanceof HttpTimeoutException) { // the JDK's (headers) or ours (body): the same limit
      return new VendorTimeoutException(call, "no complete response within the read timeout ("
          + settings.readTimeout() + ")" + after, e);
    }
    String kind = e instanceof ConnectException ? "connection refused or unreachable" : "I/O error "
        + e.getClass().getSimpleName();
    return new VendorUnavailableException(call, kind + after, e);
  }

  private void report(String method, String template, int status, String outcome, int attempt, Duration took,
      String correlationId) {
    if (LOG.isInfoEnabled()) {
      // Key-values for structured encoders (JSON logs); the message repeats them for plain ones.
      String result = status == 0 ? outcome : Integer.toString(status);
      LOG.atInfo()
          .addKeyValue("connector", manifest.id())
          .addKeyValue("connection", connection.id())
          .addKeyValue("method", method)
          .addKeyValue("path", template)
          .addKeyValue("status", status)
          .addKeyValue("outcome", outcome)
          .addKeyValue("durationMs", took.toMillis())
          .addKeyValue("attempt", attempt)
          .addKeyValue("correlationId", correlationId)
          .log("vendor call {}/{} {} {} -> {} in {} ms, attempt {} [correlation {}]", manifest.id(), connection.id(),
              method, template, result, took.toMillis(), attempt, correlationId);
    }
    try {
      listener.onAttempt(new VendorCallListener.Event(manifest.id(), connection.id(), method, template, status,
          outcome, attempt, took, correlationId));
    } catch (RuntimeException e) {
      LOG.warn("vendor call listener {} failed: {}", listener.getClass().getName(), e.toString());
    }
  }

  private VendorCall call(String method, String template, int status, String correlationId) {
    return new VendorCall(manifest.id(), connection.id(), method, template, status, correlationId);
  }

  private record Attempt(Response response, IOException failure) {}

  /** The attempt's Failsafe timeout cut off a response whose body was still arriving. */
  private static final class BodyTimeoutException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    BodyTimeoutException() {
      super("response body not read within the read timeout");
    }
  }

  /** Defers a body failure to the decoder, which maps it with the call's context. */
  private static final class FailingStream extends InputStream {
    private final IOException failure;

    FailingStream(IOException failure) {
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      throw failure;
    }
  }

}
