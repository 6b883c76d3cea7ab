package dev.tributary.core.discovery;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import java.util.Objects;

/**
 * A connector found on the class path whose manifest passed validation. Immutable.
 *
 * @param provider the provider instance
 * @param manifest its manifest, read once
 * @param origin where the provider class came from (a jar or directory), for error messages
 */
public record InstalledConnector(ConnectorProvider provider, ConnectorManifest manifest, String origin) {

  public InstalledConnector {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(origin, "origin");
  }

  public String id() {
    return manifest.id();
  }

  /** {@code hubspot 1.0.0}. */
  public String label() {
    return manifest.id() + " " + manifest.version();
  }

  /** {@code com.acme.HubSpotProvider (hubspot-1.0.0.jar)}. */
  public String describe() {
    return provider.getClass().getName() + " (" + origin + ")";
  }
}
