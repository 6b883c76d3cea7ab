package dev.tributary.connector.hubspot;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;
import java.time.Duration;

/** The OAuth2 variant: the kit also checks refresh, invalid_grant and 401 handling. */
class HubSpotContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new HubSpotConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        // The kit's 300 ms default flakes when four builds share two cores.
        .readTimeout(Duration.ofSeconds(1))
        // The fictitious secret the recorded webhook deliveries were signed with (shared/vendors NOTES.md).
        .webhookSecret("hs-fictitious-client-secret-0000-000000000001")
        .secret("clientId", "9b1c2d3e-CANARY-4f5a-8b6c-000000000001")
        .secret("clientSecret", "hs-CANARY-client-secret-0000-000000000001")
        .secret("refreshToken", "na1-CANARY-9c1d-4b7a-8e6f-1a2b3c4d5e6f")
        .build();
  }
}
