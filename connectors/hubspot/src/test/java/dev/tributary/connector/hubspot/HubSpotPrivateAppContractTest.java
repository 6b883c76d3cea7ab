package dev.tributary.connector.hubspot;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;
import java.time.Duration;

class HubSpotPrivateAppContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new HubSpotPrivateAppConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        // The kit's 300 ms default flakes when four builds share two cores.
        .readTimeout(Duration.ofSeconds(1))
        // The fictitious secret the recorded webhook deliveries were signed with (shared/vendors NOTES.md).
        .webhookSecret("hs-fictitious-client-secret-0000-000000000001").secret("token", "pat-na1-CANARY-0000-4000-8000-000000000001").build();
  }
}
