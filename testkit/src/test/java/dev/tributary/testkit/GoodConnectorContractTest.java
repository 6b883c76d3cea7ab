package dev.tributary.testkit;

import dev.tributary.api.connector.ConnectorProvider;
import fixtures.contract.good.GoodProvider;
import org.junit.jupiter.api.DisplayName;

/** The well-behaved fixture connector passes the whole kit: the kit as a connector author uses it. */
@DisplayName("A well-behaved connector")
class GoodConnectorContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new GoodProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        .secret("clientId", "customers-client-CANARY-7d1e")
        .secret("clientSecret", "customers-secret-CANARY-93ab51")
        .secret("refreshToken", "customers-refresh-CANARY-0c44f2")
        .build();
  }
}
