package dev.tributary.connector.github;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.testkit.ConnectorContractKit;
import dev.tributary.testkit.ContractSettings;
import java.time.Duration;

class GitHubContractTest extends ConnectorContractKit {

  @Override
  protected ConnectorProvider provider() {
    return new GitHubConnectorProvider();
  }

  @Override
  protected ContractSettings settings() {
    return ContractSettings.builder()
        // The kit's 300 ms default flakes when four builds share two cores.
        .readTimeout(Duration.ofSeconds(1))
        // The fictitious secret the recorded webhook deliveries were signed with (shared/vendors NOTES.md).
        .webhookSecret("tributary-fictitious-webhook-secret")
        .secret("token", "ghp_CANARY_TributaryContractKit0001")
        .option("owner", "tributary-demo")
        .option("repo", "widget-service")
        .option("org", "tributary-demo")
        .option("perPage", "2")
        .build();
  }
}
