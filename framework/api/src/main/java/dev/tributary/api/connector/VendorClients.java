package dev.tributary.api.connector;

/**
 * Creates a connector's vendor client from its Feign interface. Bound by the framework inside each
 * connector's module; the client it returns already carries authentication, the egress allowlist,
 * rate limiting, retries, timeouts, correlation ids and call logging, and routes every call to the
 * connection that is currently running.
 *
 * <pre>{@code
 * @Provides @Singleton HubSpotApi api(VendorClients clients) {
 *   return clients.create(HubSpotApi.class);
 * }
 * }</pre>
 *
 * @since 1.0
 */
public interface VendorClients {

  /**
   * A client for {@code apiType}, a Feign-annotated interface.
   *
   * @throws IllegalArgumentException if {@code apiType} is not an interface or its annotations
   *     are invalid; the message names the method at fault
   */
  <T> T create(Class<T> apiType);
}
