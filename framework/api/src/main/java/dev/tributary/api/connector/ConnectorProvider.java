package dev.tributary.api.connector;

import com.google.inject.Module;

/**
 * A connector's entry point, found by {@link java.util.ServiceLoader}: list the implementing class
 * in {@code META-INF/services/dev.tributary.api.connector.ConnectorProvider}.
 *
 * <p>The runtime calls {@link #manifest()} once at discovery, validates it, then installs
 * {@link #module()} in a private Guice module of its own. Inside that module the connector binds
 * its streams, actions and webhook verifier (see {@link ConnectorModule}); everything else it
 * binds stays invisible to the host and to other connectors.
 *
 * <pre>{@code
 * public final class HubSpotProvider implements ConnectorProvider {
 *   public ConnectorManifest manifest() { return HubSpotManifest.MANIFEST; }
 *   public Module module() { return new HubSpotModule(); }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct.
 *
 * @since 1.0
 */
public interface ConnectorProvider {

  /** What this connector is and what it may do. Called once; the result must not change. */
  ConnectorManifest manifest();

  /** The bindings of this connector. A new module per call is fine. */
  Module module();
}
