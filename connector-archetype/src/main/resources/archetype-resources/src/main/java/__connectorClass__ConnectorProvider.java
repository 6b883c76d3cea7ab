package ${package};

import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.connector.VendorClients;
import java.net.URI;
import java.time.Duration;

/** The ${connectorId} connector: listed in META-INF/services, found by the runtime's ServiceLoader. */
public final class ${connectorClass}ConnectorProvider implements ConnectorProvider {

  static final ConnectorManifest MANIFEST = ConnectorManifest.builder("${connectorId}", "0.1.0")
      .baseUrl(URI.create("https://api.${connectorId}.example"))
      .egressHosts("api.${connectorId}.example")
      .auth(AuthScheme.apiKey("X-Api-Key"))
      .stream(ItemsStream.SPEC)
      .rateLimit(RateLimit.of(10, Duration.ofSeconds(1)))
      .build();

  @Override
  public ConnectorManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Module module() {
    return new ConnectorModule() {
      @Override
      protected void configureConnector() {
        stream(ItemsStream.class);
      }

      @Provides
      @Singleton
      ${connectorClass}Api api(VendorClients clients) {
        return clients.create(${connectorClass}Api.class);
      }
    };
  }
}
