/**
 * Outbound HTTP to vendors: a connector declares its API as a Feign interface and gets a client
 * that already carries the whole pipeline.
 *
 * <p>Entry points: {@link dev.tributary.core.http.VendorClientFactory} (one per runtime; gives each
 * connector its {@link dev.tributary.api.connector.VendorClients}), {@link
 * dev.tributary.core.http.CurrentConnection} (which connection a unit of work runs as), {@link
 * dev.tributary.core.http.HttpSettings} (tunables), {@link dev.tributary.core.http.Authenticators}
 * (static credentials).
 *
 * <p>Order, per call: routing to the current connection's client; egress allowlist (refused
 * before anything else); correlation id into the MDC; then per attempt rate limiter, headers
 * (manifest defaults, user agent, correlation, authentication last), bulkhead, circuit breaker, the
 * JDK client with connect and read timeouts, one log line; the retry loop around the attempts; the
 * error decoder or the size- and depth-limited JSON decoder on the final response.
 */
package dev.tributary.core.http;
