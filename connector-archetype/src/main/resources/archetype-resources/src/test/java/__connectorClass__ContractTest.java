package ${package};

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;

/** The whole contract kit against the golden files under src/test/resources/golden/. */
class ${connectorClass}ContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new ${connectorClass}ConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        .secret("apiKey", "${connectorId}-test-key-CANARY-5e2d") // a test credential; the kit also hunts it in the logs
        .build();
  }
}
