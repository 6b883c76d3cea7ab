package dev.tributary.connector.stripe;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;
import java.time.Duration;

class StripeContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new StripeConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        // The kit's 300 ms default flakes when four builds share two cores.
        .readTimeout(Duration.ofSeconds(1))
        // The fictitious secret the recorded webhook deliveries were signed with (shared/vendors NOTES.md).
        .webhookSecret("whsec_tributaryFictitiousSigningSecret0001")
        .secret("token", "rk_test_CANARY_TributaryContractKit0001")
        .option("account", "acct_1FictitiousConn01")
        .build();
  }
}
