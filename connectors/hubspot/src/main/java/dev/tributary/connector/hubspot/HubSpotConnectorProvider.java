package dev.tributary.connector.hubspot;

import com.google.inject.Module;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;

/**
 * HubSpot through OAuth 2.0 (a public or marketplace app), connector id {@code hubspot}. Secrets {@code clientId}, {@code clientSecret} and {@code refreshToken} (from the install consent); the framework refreshes the 30-minute access tokens. Option {@code properties.<stream>} picks the properties to fetch.
 *
 * @since 1.0
 */
public final class HubSpotConnectorProvider implements ConnectorProvider {

  @Override
  public ConnectorManifest manifest() {
    return HubSpotManifests.OAUTH;
  }

  @Override
  public Module module() {
    return new HubSpotModule();
  }
}
