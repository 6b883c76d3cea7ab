package dev.tributary.core.wiring;

import com.google.inject.Key;
import com.google.inject.PrivateModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Names;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.connector.VendorErrorParser;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.tributary.api.webhook.WebhookVerifier;
import dev.tributary.core.discovery.InstalledConnector;

/**
 * Wraps one connector's module in a private module of its own. Everything the connector binds
 * stays inside; only {@link ConnectorComponents} is exposed, under a key named for the connector.
 * So two connectors can both bind {@code ObjectMapper} or {@code Api} without clashing, and
 * neither can inject the other's.
 */
public final class ConnectorPrivateModule extends PrivateModule {

  private final InstalledConnector connector;
  private final BiFunction<InstalledConnector, Optional<VendorErrorParser>, VendorClients> vendorClients;

  /**
   * @param vendorClients makes the connector's {@link VendorClients} from the error parser the
   *     connector may bind in its module
   */
  public ConnectorPrivateModule(InstalledConnector connector,
      BiFunction<InstalledConnector, Optional<VendorErrorParser>, VendorClients> vendorClients) {
    this.connector = connector;
    this.vendorClients = vendorClients;
  }

  /** The key under which a connector's components are exposed. */
  public static Key<ConnectorComponents> key(String connectorId) {
    return Key.get(ConnectorComponents.class, Names.named("tributary.connector." + connectorId));
  }

  @Override
  protected void configure() {
    // Declared here too, so a connector module that does not extend ConnectorModule still wires.
    Multibinder.newSetBinder(binder(), ConnectorModule.STREAM_TYPE);
    Multibinder.newSetBinder(binder(), ConnectorModule.ACTION_TYPE);
    OptionalBinder.newOptionalBinder(binder(), WebhookVerifier.class);
    OptionalBinder.newOptionalBinder(binder(), VendorErrorParser.class);
    bind(ConnectorManifest.class).toInstance(connector.manifest());
    binder().withSource("connector '" + connector.id() + "' " + connector.describe())
        .install(connector.provider().module());
    bind(key(connector.id())).to(ConnectorComponents.class);
    expose(key(connector.id()));
  }

  @Provides
  @Singleton
  VendorClients vendorClients(Optional<VendorErrorParser> parser) {
    return vendorClients.apply(connector, parser);
  }
}
