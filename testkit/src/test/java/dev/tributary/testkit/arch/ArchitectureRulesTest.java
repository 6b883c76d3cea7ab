package dev.tributary.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule is proven to fire on a deliberately bad fixture, and to pass on a good one. */
@DisplayName("Architecture rules")
class ArchitectureRulesTest {

  private static JavaClasses pkg(String name) {
    return new ClassFileImporter().importPackages(name);
  }

  private static void assertViolation(ArchRule rule, String pkg, String... expected) {
    assertThatThrownBy(() -> ArchitectureRules.check(pkg(pkg), List.of(rule)))
        .isInstanceOf(AssertionError.class)
        .message().contains(expected);
  }

  @Nested
  @DisplayName("connector rules")
  class ConnectorRules {

    @Test
    void aWellBehavedConnectorPassesEveryRule() {
      assertThatCode(() -> ArchitectureRules.check(pkg("fixtures.arch.good"), ArchitectureRules.connectorRules("fixtures.arch.good")))
          .doesNotThrowAnyException();
    }

    @Test
    void aConnectorDependingOnCoreFails() {
      assertViolation(ArchitectureRules.connectorDependsOnlyOnApi("fixtures.arch.usescore"), "fixtures.arch.usescore",
          "connector fixtures.arch.usescore depends only on tributary-api", "fixtures.arch.usescore.UsesCore", "dev.tributary.core.Tributary");
    }

    @Test
    void aConnectorUsingTheJdkHttpClientFails() {
      assertViolation(ArchitectureRules.noDirectHttpClients("fixtures.arch.httpclient.."), "fixtures.arch.httpclient",
          "make no HTTP calls of their own", "UsesHttpClient", "java.net.http.HttpClient");
    }

    @Test
    void aConnectorOpeningAUrlConnectionFails() {
      assertViolation(ArchitectureRules.noDirectHttpClients("fixtures.arch.urlconnection.."), "fixtures.arch.urlconnection",
          "UsesUrlConnection", "java.net.URL.openConnection()");
    }

    @Test
    void aConnectorBuildingItsOwnFeignClientFails() {
      assertViolation(ArchitectureRules.noDirectHttpClients("fixtures.arch.feignclient.."), "fixtures.arch.feignclient",
          "BuildsFeign", "feign.Feign");
    }

    @Test
    void aConnectorReadingTheEnvironmentFails() {
      assertViolation(ArchitectureRules.noEnvironmentOrSystemProperties("fixtures.arch.env.."), "fixtures.arch.env",
          "read no environment variables or system properties", "ReadsEnv.token()", "System.getenv(java.lang.String)");
    }

    @Test
    void aConnectorReadingASystemPropertyFails() {
      assertViolation(ArchitectureRules.noEnvironmentOrSystemProperties("fixtures.arch.sysprop.."), "fixtures.arch.sysprop",
          "ReadsProperty.region()", "System.getProperty(java.lang.String, java.lang.String)");
    }

    @Test
    void aConnectorPrintingToStandardOutputFails() {
      assertViolation(ArchitectureRules.noStandardStreamsOrPrintStackTrace("fixtures.arch.stdout.."), "fixtures.arch.stdout",
          "do not print to System.out/System.err", "Prints.debug(java.lang.String)", "System.out");
    }

    @Test
    void aConnectorPrintingAStackTraceFails() {
      assertViolation(ArchitectureRules.noStandardStreamsOrPrintStackTrace("fixtures.arch.stacktrace.."), "fixtures.arch.stacktrace",
          "PrintsStackTrace.swallow(java.lang.RuntimeException)", "RuntimeException.printStackTrace()");
    }

    @Test
    void aPackageCycleFails() {
      assertViolation(ArchitectureRules.noPackageCycles("fixtures.arch.cycle"), "fixtures.arch.cycle",
          "packages below fixtures.arch.cycle are free of cycles", "Cycle detected", "a", "b");
    }

    @Test
    void checkConnectorReportsEveryViolatedRuleAtOnce() {
      assertThatThrownBy(() -> ArchitectureRules.check(pkg("fixtures.arch"), ArchitectureRules.connectorRules("fixtures.arch")))
          .isInstanceOf(AssertionError.class)
          .message().contains("depends only on tributary-api", "make no HTTP calls", "read no environment variables",
              "do not print", "free of cycles");
    }

    @Test
    void checkConnectorRefusesAnEmptyPackageRatherThanPassingVacuously() {
      assertThatThrownBy(() -> ArchitectureRules.checkConnector("fixtures.arch.nosuchpackage"))
          .hasMessage("No classes found in connector package fixtures.arch.nosuchpackage: is the package name right?");
    }
  }

  @Nested
  @DisplayName("framework rules")
  class FrameworkRules {

    @Test
    void anApiClassDependingOnCoreFails() {
      assertViolation(ArchitectureRules.apiIsSelfContained(), "dev.tributary.api.archfixture",
          "tributary-api depends on no other Tributary module", "ApiLeak", "dev.tributary.core.Tributary");
    }

    @Test
    void aCoreClassDependingOnTheTestkitFails() {
      assertViolation(ArchitectureRules.coreDoesNotDependOnHostOrTestkit(), "dev.tributary.core.archfixture",
          "tributary-core does not depend on tributary-host or tributary-testkit", "CoreLeak");
    }
  }

  @Test
  void fixturesExist() {
    // Guards the tests above against passing because a fixture package was renamed away.
    assertThat(pkg("fixtures.arch").size()).isGreaterThanOrEqualTo(12);
  }
}
