package dev.tributary.core.http;

import dev.tributary.core.config.ConnectionConfig;
import java.util.Objects;

/**
 * What the HTTP layer needs to call a vendor as one connection: its configuration and its
 * credentials. The runtime creates one per connection and passes it to
 * {@link CurrentConnection#run}. Immutable; equal handles share cached clients.
 */
public record ConnectionHandle(ConnectionConfig config, Authenticator authenticator) {

  public ConnectionHandle {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(authenticator, "authenticator");
  }

  /** The connection id. */
  public String id() {
    return config.id();
  }

  @Override
  public String toString() {
    return "ConnectionHandle[" + config.connectorId() + "/" + config.id() + "]";
  }
}
