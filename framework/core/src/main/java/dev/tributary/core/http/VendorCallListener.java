package dev.tributary.core.http;

import java.time.Duration;

/**
 * Observes every attempt of every vendor call, e.g. to feed metrics. Called on the calling thread
 * after the attempt; it must be fast and must not throw (a throwing listener is logged and
 * ignored). Thread-safe.
 */
@FunctionalInterface
public interface VendorCallListener {

  /** Ignores everything. */
  VendorCallListener NONE = event -> { };

  void onAttempt(Event event);

  /**
   * One attempt. Carries no header, query value or body.
   *
   * @param connector the connector id
   * @param connection the connection id
   * @param method the HTTP method
   * @param pathTemplate the path template, e.g. {@code /crm/v3/objects/{type}}
   * @param status the HTTP status, or 0 when no response arrived
   * @param outcome {@code ok}, {@code http_error}, {@code timeout}, {@code io_error},
   *     {@code circuit_open}, {@code bulkhead_full}
   * @param attempt the attempt number, from 1
   * @param duration the attempt's duration on the factory's clock
   * @param correlationId the call's correlation id
   */
  record Event(String connector, String connection, String method, String pathTemplate, int status,
      String outcome, int attempt, Duration duration, String correlationId) {}
}
