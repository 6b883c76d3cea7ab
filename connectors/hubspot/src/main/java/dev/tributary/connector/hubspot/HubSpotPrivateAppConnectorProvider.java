package dev.tributary.connector.hubspot;

import com.google.inject.Module;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;

/**
 * HubSpot through a private app's static access token, connector id {@code hubspot-private-app}: the same streams and action as {@link HubSpotConnectorProvider}. Secret {@code token}. Option {@code properties.<stream>} picks the properties to fetch.
 *
 * @since 1.0
 */
public final class HubSpotPrivateAppConnectorProvider implements ConnectorProvider {

  @Override
  public ConnectorManifest manifest() {
    return HubSpotManifests.PRIVATE_APP;
  }

  @Override
  public Module module() {
    return new HubSpotModule();
  }
}
