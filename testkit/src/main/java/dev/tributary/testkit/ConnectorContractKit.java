package dev.tributary.testkit;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.stream.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every connector passes: extend it, name the provider, give test credentials.
 *
 * <pre>{@code
 * class StripeContractTest extends ConnectorContractKit {
 *   @Override protected ConnectorProvider provider() { return new StripeConnectorProvider(); }
 *   @Override protected ContractSettings settings() {
 *     return ContractSettings.builder().secret("apiKey", "sk_test_CANARY_4f2a9c").build();
 *   }
 * }
 * }</pre>
 *
 * <p>The suite is generated from the manifest: golden syncs and failure handling per stream,
 * HTTP faults, token handling (OAuth2 connectors), secrets in logs, egress and architecture. Each
 * test runs the real runtime (H2 in memory, virtual time) against the stream's golden files
 * served by WireMock on loopback; see {@link ContractChecks} for what each check asserts. Golden
 * files live under {@code src/test/resources/golden/<stream>/} (see the connector guide).
 */
public abstract class ConnectorContractKit {

  /** The connector under test. */
  protected abstract ConnectorProvider provider();

  /** Test credentials, connection options and golden location; default: none, {@code golden/}. */
  protected ContractSettings settings() {
    return ContractSettings.defaults();
  }

  @TestFactory
  @DisplayName("connector contract")
  Stream<DynamicNode> contract() {
    ContractChecks c = new ContractChecks(provider(), settings(), getClass());
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(test("the manifest is valid, every stream has golden files, and the runtime wires it", c::manifestIsValid));
    nodes.add(test("the connector's classes pass the architecture rules", c::architectureRulesPass));
    for (StreamSpec s : c.manifest().streams()) {
      String n = s.name();
      List<DynamicNode> stream = new ArrayList<>();
      stream.add(test("a full sync of the golden pages yields exactly the golden records", () -> c.fullSyncYieldsGoldenRecords(n)));
      stream.add(test("resuming from every page boundary yields the same final state", () -> c.resumingFromEveryPageBoundaryYieldsTheSameState(n)));
      stream.add(test("a replay of the golden pages writes nothing", () -> c.replayWritesNothing(n)));
      stream.add(test("a repeated vendor cursor stops the run instead of looping", () -> c.repeatedCursorIsDetected(n)));
      stream.add(test("a malformed body fails the run and leaves the cursor", () -> c.malformedBodyIsAnErrorAndTheCursorStays(n)));
      stream.add(test("a truncated body fails the run and leaves the cursor", () -> c.truncatedBodyIsAnErrorAndTheCursorStays(n)));
      stream.add(test("an added vendor field is reported per the drift policy", () -> c.addedFieldIsReportedPerDriftPolicy(n)));
      for (String field : s.requiredFields().stream().sorted().toList()) {
        stream.add(test("removing required field '" + field + "' is detected", () -> c.removedRequiredFieldIsDetected(n, field)));
      }
      stream.add(test("a 429 with Retry-After is waited out", () -> c.rateLimitIsWaitedOut(n)));
      stream.add(test("a 5xx is retried", () -> c.serverErrorIsRetried(n)));
      stream.add(test("a 4xx is not retried and fails clearly", () -> c.clientErrorIsNotRetried(n)));
      stream.add(test("a read timeout is retried", () -> c.readTimeoutIsRetried(n)));
      if (c.usesTokens()) {
        stream.add(test("an expired token is refreshed exactly once", () -> c.expiredTokenIsRefreshedOnce(n)));
        stream.add(test("invalid_grant on refresh fails closed", () -> c.refusedGrantFailsClosed(n)));
        stream.add(test("a 401 forces one token refresh", () -> c.unauthorizedForcesOneRefresh(n)));
      }
      stream.add(test("the test credentials never reach the logs", () -> c.canarySecretsNeverReachTheLogs(n)));
      stream.add(test("every request goes to the connection's base URL and a golden mapping", () -> c.requestsGoOnlyToTheConnectionsBaseUrl(n)));
      nodes.add(DynamicContainer.dynamicContainer("stream '" + n + "'", stream));
    }
    WebhookChecks webhooks = c.webhooks();
    if (webhooks.declared()) {
      List<DynamicNode> hooks = new ArrayList<>();
      hooks.add(test("recorded deliveries and their signing secret are given", webhooks::recordingsExist));
      for (String d : webhooks.deliveries()) {
        hooks.add(test("recorded delivery '" + d + "' verifies; changed, replayed and unsigned copies are refused",
            () -> webhooks.deliveryVerifiesAndForgeriesAreRefused(d)));
      }
      nodes.add(DynamicContainer.dynamicContainer("webhooks (" + c.manifest().webhook().type() + ")", hooks));
    }
    return nodes.stream();
  }

  private static DynamicTest test(String name, Executable check) {
    return DynamicTest.dynamicTest(name, check);
  }
}
