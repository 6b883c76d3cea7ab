package dev.tributary.connector.stripe;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;

class StripeContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new StripeConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        .secret("token", "rk_test_CANARY_TributaryContractKit0001")
        .option("account", "acct_1FictitiousConn01")
        .build();
  }
}
