package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.stream.Stream;
import fixtures.contract.broken.BrokenConnectors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole kit, through the JUnit Platform launcher, against each deliberately broken
 * fixture connector: each must fail the kit, in the check for its flaw, with a message naming it.
 */
@DisplayName("The contract kit fails a broken connector")
class BrokenConnectorsTest {

  static final String RUN_BY_LAUNCHER = "a deliberately broken connector: run through BrokenConnectorsTest";
  static final String FULL_SYNC = "a full sync of the golden pages yields exactly the golden records";

  @Test
  void thatLoopsOnARepeatedCursor() {
    Map<String, String> failures = runKit(LoopingKit.class);

    assertThat(failures.get("a repeated vendor cursor stops the run instead of looping"))
        .startsWith("stream 'customers' loops on a repeated vendor cursor: after the kit served page 1's response again"
            + " for page 2's request, the connector made ")
        .contains("Return one vendor page per read() and let the engine follow the cursors");
  }

  @Test
  void thatRetriesA400() {
    Map<String, String> failures = runKit(RetryingKit.class);

    assertThat(failures.get("a 4xx is not retried and fails clearly"))
        .startsWith("stream 'customers' retried a 400: the vendor answered GET /v1/customers?limit=2 with 400, and the"
            + " connector sent it 1 more times (the run ended DONE after 3 pages");
    assertThat(failures).doesNotContainKey(FULL_SYNC);
  }

  @Test
  void thatLogsItsToken() {
    Map<String, String> failures = runKit(LeakyKit.class);

    assertThat(failures.get("the test credentials never reach the logs"))
        .isEqualTo("the canary the access token was logged by 'fixtures.contract.broken.BrokenConnectors$LeakyStream'"
            + " at DEBUG: a connector must never log credentials, even though the redacting encoder masks known secrets");
    assertThat(failures.get("the connector's classes pass the architecture rules"))
        .contains("dev.tributary.core.http.CurrentConnection");
  }

  @Test
  void thatCallsAnUndeclaredHost() {
    Map<String, String> failures = runKit(UndeclaredHostKit.class);

    assertThat(failures.get("every request goes to the connection's base URL and a golden mapping"))
        .startsWith("stream 'customers' called a host other than the connection's base URL, and the egress guard refused it: ")
        .contains("host 'tracker.analytics.example' is not an egress host of connector 'customers'");
  }

  @Test
  void thatAdvancesTheCursorOnAMalformedPage() {
    Map<String, String> failures = runKit(SwallowingKit.class);

    assertThat(failures.get("a malformed body fails the run and leaves the cursor"))
        .isEqualTo("stream 'customers' advanced the cursor past a malformed page: the kit served a malformed body for"
            + " page 2, yet the run committed 2 pages and moved the cursor from 'cus_002' to 'cus_002-skipped' (records"
            + " of that page are lost). Let the framework's MalformedResponseException propagate from read(); never"
            + " swallow a parse error");
    assertThat(failures.get("a truncated body fails the run and leaves the cursor")).contains("advanced the cursor past a truncated page");
  }

  @Test
  void thatMapsWrongly() {
    Map<String, String> failures = runKit(MiswiredKit.class);

    assertThat(failures.get(FULL_SYNC))
        .startsWith("stream 'customers' after a full sync of the golden pages does not hold the golden records"
            + " (expected-records.json):\n  record cus_001: payload.email: expected <personal> but was <personal>;\n"
            + "  record cus_001: payload.name: expected <personal> but was <personal>;\n"
            + "  record cus_001: payload.plan: expected \"pro\" but was \"PRO\";")
        .doesNotContain("ada@example.com").doesNotContain("Ada Lovelace");
  }

  /** Runs the kit subclass and returns the failed tests' display names with their messages. */
  static Map<String, String> runKit(Class<? extends ConnectorContractKit> kit) {
    Map<String, String> failures = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit))
            .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition").build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
              failures.put(id.getDisplayName(), result.getThrowable().map(Throwable::getMessage).orElse(""));
            }
          }
        });
    assertThat(failures).as("the kit should fail " + kit.getSimpleName()).isNotEmpty();
    return failures;
  }

  /** Each kit below is disabled so a build never runs it as a test of its own; {@link #runKit} lifts the condition. */
  abstract static class BrokenKit extends ConnectorContractKit {
    abstract Class<? extends Stream<?>> stream();

    @Override
    protected ConnectorProvider provider() {
      return BrokenConnectors.with(stream());
    }

    @Override
    protected ContractSettings settings() {
      return new GoodConnectorContractTest().settings();
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class LoopingKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.LoopingStream.class;
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class RetryingKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.RetryingStream.class;
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class LeakyKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.LeakyStream.class;
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class UndeclaredHostKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.UndeclaredHostStream.class;
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class SwallowingKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.SwallowingStream.class;
    }
  }

  @Disabled(RUN_BY_LAUNCHER)
  static final class MiswiredKit extends BrokenKit {
    @Override
    Class<? extends Stream<?>> stream() {
      return BrokenConnectors.MiswiredStream.class;
    }
  }
}
