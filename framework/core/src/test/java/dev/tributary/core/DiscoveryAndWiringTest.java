package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.config.Problem;
import dev.tributary.core.config.TributaryConfigurationException;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Connector discovery and wiring")
class DiscoveryAndWiringTest {

  @TempDir Path dir;
  private final List<URLClassLoader> loaders = new java.util.ArrayList<>();

  @AfterEach
  void closeLoaders() throws Exception {
    for (URLClassLoader l : loaders) {
      l.close();
    }
  }

  private URLClassLoader jar(String name, Map<String, String> sources, String... services) throws Exception {
    URLClassLoader l = FixtureJars.loader(FixtureJars.jar(dir, name, sources, List.of(services)));
    loaders.add(l);
    return l;
  }

  private URLClassLoader connectorJar(String name, String id, String tweak, String... streams) throws Exception {
    String pkg = "fixture." + name.replace('-', '_');
    return jar(name, FixtureJars.connector(pkg, id, tweak, streams), pkg + ".Provider");
  }

  private static String read(Tributary t, String connection, String stream) {
    @SuppressWarnings("unchecked")
    Stream<String> s = (Stream<String>) t.stream(connection, stream);
    Page<String> page = s.read(null, Cursor.START);
    return page.items().get(0);
  }

  @Nested
  @DisplayName("two connector jars in separate class loaders")
  class TwoJars {

    @Test
    void bothAreDiscoveredAndWiredEachWithItsOwnPrivateBindings() throws Exception {
      URLClassLoader alpha = connectorJar("alpha", "alpha", "", "items");
      URLClassLoader beta = connectorJar("beta", "beta", "", "items", "events");

      try (Tributary t = Tributary.builder().classLoader(alpha).classLoader(beta)
          .connection(ConnectionConfig.builder("a1", "alpha").build())
          .connection(ConnectionConfig.builder("b1", "beta").build())
          .build()) {

        assertThat(t.connectors()).containsOnlyKeys("alpha", "beta");
        assertThat(t.connectors().get("alpha").origin()).endsWith("alpha.jar");
        // Both connectors bind a class named Helper; each stream got its own connector's.
        assertThat(read(t, "a1", "items")).isEqualTo("alpha");
        assertThat(read(t, "b1", "items")).isEqualTo("beta");
        assertThat(read(t, "b1", "events")).isEqualTo("beta");
        assertThat(t.components("beta").streams()).containsOnlyKeys("items", "events");
      }
    }

    @Test
    void aConnectorCannotInjectAnotherConnectorsBindings() throws Exception {
      URLClassLoader alpha = connectorJar("alpha", "alpha", "", "items");
      // 'thief' asks for alpha's private Helper; it can see the class (same loader) but not the binding.
      Map<String, String> thief = FixtureJars.connector("fixture.alpha", "thief", "", "items");
      thief.remove("fixture.alpha.Helper");
      thief.remove("fixture.alpha.HelperImpl");
      thief.replaceAll((k, v) -> v.replace("bind(Helper.class).to(HelperImpl.class);", ""));
      thief = renamePackage(thief, "fixture.alpha", "fixture.thief");
      thief.put("fixture.thief.ItemsStream", FixtureJars.stream("fixture.thief", "items", "fixture.alpha.Helper"));
      Path thiefJar = FixtureJars.jar(dir, "thief", thief, List.of("fixture.thief.Provider"), List.of(dir.resolve("alpha-classes")));
      URLClassLoader both = new URLClassLoader(new java.net.URL[] {thiefJar.toUri().toURL()}, alpha);
      loaders.add(both);

      assertThatThrownBy(() -> Tributary.builder().classLoader(both).build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.id()).isEqualTo(Problem.Id.WIRING_FAILED);
              assertThat(p.message()).contains("Connector 'thief' from fixture.thief.Provider (", "thief.jar")
                  .contains("No implementation for fixture.alpha.Helper was bound");
            });
          });
    }
  }

  @Nested
  @DisplayName("discovery errors name the culprit")
  class DiscoveryErrors {

    @Test
    void twoConnectorsWithOneIdAreBothRefusedNamingBothJars() throws Exception {
      URLClassLoader first = connectorJar("hubspot-a", "hubspot", "", "contacts");
      URLClassLoader second = connectorJar("hubspot-b", "hubspot", "", "contacts");

      assertThatThrownBy(() -> Tributary.builder().classLoader(first).classLoader(second).build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> assertThat(e.problems())
              .singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo(Problem.Id.DUPLICATE_CONNECTOR_ID);
                assertThat(p.message()).startsWith("2 connectors claim id 'hubspot': fixture.hubspot_a.Provider (")
                    .contains("hubspot-a.jar) version 1.2.0", "fixture.hubspot_b.Provider (", "hubspot-b.jar) version 1.2.0")
                    .endsWith("Remove all but one of these jars from the class path.");
              }));
    }

    @Test
    void aConnectorBuiltAgainstAnotherMajorSpiIsRefusedNamingBothVersions() throws Exception {
      URLClassLoader l = connectorJar("future", "future", "      .builtAgainst(new dev.tributary.api.SpiVersion(2, 0))\n", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .hasMessageContaining("[Tributary/INCOMPATIBLE_SPI] Connector 'future' from fixture.future.Provider (")
          .hasMessageContaining("future.jar) was built against SPI 2.0 but this runtime implements SPI 1.0: a different major version is not compatible");
    }

    @Test
    void aConnectorBuiltAgainstANewerMinorSpiIsRefusedWithUpgradeAdvice() throws Exception {
      URLClassLoader l = connectorJar("newer", "newer", "      .builtAgainst(new dev.tributary.api.SpiVersion(1, 9))\n", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .hasMessageContaining("was built against SPI 1.9 but this runtime implements SPI 1.0: upgrade Tributary to 1.9 or newer");
    }

    @Test
    void anInvalidManifestListsEveryProblemAndTheProviderClass() throws Exception {
      // Built with the canonical constructor so the builder's own check does not stop it first.
      String source = """
          package fixture.bad;
          import dev.tributary.api.connector.*;
          import dev.tributary.api.stream.StreamSpec;
          import java.util.*;
          public final class Provider implements ConnectorProvider {
            public ConnectorManifest manifest() {
              StreamSpec s = StreamSpec.builder("items").build();
              return new ConnectorManifest("Bad_Id", "1.0", dev.tributary.api.SpiVersion.CURRENT,
                  java.net.URI.create("https://api.example.com"), Set.of(), AuthScheme.custom("Not A Scheme", Map.of()),
                  Set.of(), Set.of(), List.of(s, s), RateLimit.UNLIMITED, WebhookScheme.none(), null, Map.of());
            }
            public com.google.inject.Module module() { return b -> {}; }
          }
          """;
      URLClassLoader l = jar("bad", Map.of("fixture.bad.Provider", source), "fixture.bad.Provider");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(Problem::id)
                .containsExactly(Problem.Id.INVALID_MANIFEST, Problem.Id.UNKNOWN_AUTH_SCHEME);
            assertThat(e.problems().get(0).message())
                .startsWith("Connector 'Bad_Id' from fixture.bad.Provider (")
                .contains("bad.jar) has an invalid manifest: id 'Bad_Id' is invalid")
                .contains("egressHosts is empty: declare every host the connector calls")
                .contains("auth type 'Not A Scheme' is invalid")
                .contains("stream name 'items' is declared more than once");
            assertThat(e.problems().get(1).message())
                .contains("uses auth scheme 'Not A Scheme', which no installed auth plug-in provides. Known schemes: [api-key, bearer, github-app, none, oauth2-client-credentials, oauth2-refresh-token]");
          });
    }

    @Test
    void aManifestBuilderRejectsAnInvalidManifestAtOnce() {
      assertThatThrownBy(() -> dev.tributary.api.connector.ConnectorManifest.builder("x", "1").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid manifest for connector 'x': egressHosts is empty: declare every host the connector calls, e.g. 'api.hubapi.com'; "
              + "baseUrl is missing: give the vendor API's root, e.g. https://api.hubapi.com; "
              + "auth is missing: use AuthScheme.none() for an API without authentication; "
              + "streams is empty: a connector declares at least one stream");
    }

    @Test
    void aCustomAuthSchemeIsAcceptedOnlyWhenAPluginProvidesIt() throws Exception {
      // github-app ships with core as an AuthSchemeFactory plug-in; acme-sso does not exist.
      URLClassLoader gh = connectorJar("gh", "gh", "      .auth(AuthScheme.custom(\"github-app\", java.util.Map.of()))\n", "items");
      URLClassLoader sso = connectorJar("sso", "sso", "      .auth(AuthScheme.custom(\"acme-sso\", java.util.Map.of()))\n", "items");

      try (Tributary t = Tributary.builder().classLoader(gh).build()) {
        assertThat(t.connectors()).containsOnlyKeys("gh");
      }
      assertThatThrownBy(() -> Tributary.builder().classLoader(sso).build())
          .hasMessageContaining("uses auth scheme 'acme-sso', which no installed auth plug-in provides");
      try (Tributary t = Tributary.builder().classLoader(sso).authSchemePlugins(java.util.Set.of("acme-sso")).build()) {
        assertThat(t.connectors()).containsOnlyKeys("sso");
      }
    }

    @Test
    void aProviderClassThatIsMissingNamesTheClassAndTheListingJar() throws Exception {
      URLClassLoader l = jar("ghost", Map.of(), "fixture.ghost.NoSuchProvider");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> assertThat(e.problems())
              .singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo(Problem.Id.PROVIDER_LOAD_FAILED);
                assertThat(p.message()).contains("fixture.ghost.NoSuchProvider", "not found", "Listed in jar:file:", "ghost.jar!/META-INF/services/dev.tributary.api.connector.ConnectorProvider");
              }));
    }

    @Test
    void aProviderWhoseConstructorThrowsIsReportedWithTheCause() throws Exception {
      String source = """
          package fixture.boom;
          public final class Provider implements dev.tributary.api.connector.ConnectorProvider {
            public Provider() { throw new IllegalStateException("missing native library"); }
            public dev.tributary.api.connector.ConnectorManifest manifest() { return null; }
            public com.google.inject.Module module() { return null; }
          }
          """;
      URLClassLoader l = jar("boom", Map.of("fixture.boom.Provider", source), "fixture.boom.Provider");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .hasMessageContaining("[Tributary/PROVIDER_LOAD_FAILED] A connector provider failed to load: ")
          .hasMessageContaining("fixture.boom.Provider")
          .hasMessageContaining("missing native library")
          .hasMessageContaining("boom.jar!/META-INF/services/");
    }

    @Test
    void aBrokenJarDoesNotHideTheProblemsOfOthers() throws Exception {
      URLClassLoader ghost = jar("ghost2", Map.of(), "fixture.ghost2.NoSuchProvider");
      URLClassLoader future = connectorJar("future2", "future", "      .builtAgainst(new dev.tributary.api.SpiVersion(2, 0))\n", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(ghost).classLoader(future)
          .connection(ConnectionConfig.builder("c", "nope").build()).build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> {
            assertThat(e.problems()).extracting(Problem::id).containsExactly(
                Problem.Id.PROVIDER_LOAD_FAILED, Problem.Id.INCOMPATIBLE_SPI, Problem.Id.UNKNOWN_CONNECTOR);
            assertThat(e.getMessage()).startsWith("Tributary cannot start: 3 problems");
          });
    }
  }

  @Nested
  @DisplayName("wiring errors")
  class WiringErrors {

    @Test
    void aDeclaredStreamWithoutImplementationIsReported() throws Exception {
      Map<String, String> src = FixtureJars.connector("fixture.half", "half", "", "items", "orders");
      src.replaceAll((k, v) -> v.replace("    stream(OrdersStream.class);\n", ""));
      URLClassLoader l = jar("half", src, "fixture.half.Provider");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .hasMessageContaining("[Tributary/STREAM_NOT_BOUND] Connector 'half' fixture.half.Provider (")
          .hasMessageContaining("declares stream 'orders' but binds no implementation: call stream(YourStream.class) in its module");
    }

    @Test
    void aBoundStreamTheManifestDoesNotDeclareIsReported() throws Exception {
      Map<String, String> src = FixtureJars.connector("fixture.extra", "extra", "", "items", "orders");
      src.replaceAll((k, v) -> v.replace("      .stream(OrdersStream.SPEC)\n", ""));
      URLClassLoader l = jar("extra", src, "fixture.extra.Provider");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).build())
          .hasMessageContaining("[Tributary/STREAM_NOT_DECLARED] Connector 'extra' binds stream 'orders' (fixture.extra.OrdersStream) that its manifest does not declare. Declared: [items]");
    }

    @Test
    void aHostOverridesAFrameworkBindingTheDocumentedWay() throws Exception {
      URLClassLoader l = connectorJar("alpha", "alpha", "", "items");
      Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

      try (Tributary t = Tributary.builder().classLoader(l).override(new AbstractModule() {
        @Override
        protected void configure() {
          bind(Clock.class).toInstance(fixed);
        }
      }).build()) {
        assertThat(t.service(Clock.class)).isSameAs(fixed);
      }
    }

    @Test
    void aHostModuleThatRebindsAFrameworkBindingWithoutOverrideIsReported() throws Exception {
      URLClassLoader l = connectorJar("alpha", "alpha", "", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l).module(new AbstractModule() {
        @Override
        protected void configure() {
          bind(Clock.class).toInstance(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        }
      }).build())
          .hasMessageContaining("[Tributary/WIRING_FAILED] The framework or host modules failed to wire")
          .hasMessageContaining("Clock was bound multiple times");
    }
  }

  @Nested
  @DisplayName("connection errors")
  class ConnectionErrors {

    @Test
    void anUnknownConnectorIdListsTheInstalledOnes() throws Exception {
      URLClassLoader a = connectorJar("github", "github", "", "issues");
      URLClassLoader b = connectorJar("hubspot", "hubspot", "", "contacts");

      assertThatThrownBy(() -> Tributary.builder().classLoader(a).classLoader(b)
          .connection(ConnectionConfig.builder("acme", "hubspt").build()).build())
          .hasMessageContaining("[Tributary/UNKNOWN_CONNECTOR] Connection 'acme': No connector 'hubspt'. Installed: github 1.2.0, hubspot 1.2.0");
    }

    @Test
    void aMissingSecretReferenceNamesTheSecretAndTheScheme() throws Exception {
      URLClassLoader l = connectorJar("tok", "tok", "      .auth(AuthScheme.bearer())\n", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l)
          .connection(ConnectionConfig.builder("acme", "tok").build()).build())
          .hasMessageContaining("[Tributary/MISSING_SECRET] Connection 'acme' (connector tok, auth bearer) has no secret reference 'token': add secrets.token = env:NAME or file:/path");
    }

    @Test
    void aLiteralSecretIsRefusedWithoutRepeatingIt() {
      String literal = "pat-na1-11111111-2222-3333-4444-555555555555";

      assertThatThrownBy(() -> ConnectionConfig.builder("acme", "hubspot").secret("token", literal))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("connection 'acme', secret 'token': value of 44 characters is not a secret reference: configuration must not hold secrets themselves; write scheme:name, e.g. env:HUBSPOT_TOKEN or file:/run/secrets/hubspot")
          .message().doesNotContain(literal);
    }

    @Test
    void duplicateConnectionIdsAndPlainHttpBaseUrlsAreReportedTogether() throws Exception {
      URLClassLoader l = connectorJar("alpha", "alpha", "", "items");

      assertThatThrownBy(() -> Tributary.builder().classLoader(l)
          .connection(ConnectionConfig.builder("a", "alpha").baseUrl(URI.create("http://api.alpha.example")).build())
          .connection(ConnectionConfig.builder("a", "alpha").build())
          .connection(ConnectionConfig.builder("b", "alpha").optionalScope("admin").build())
          .build())
          .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> assertThat(e.problems())
              .extracting(Problem::toString).containsExactly(
                  "[Tributary/UNDECLARED_EGRESS_HOST] Connection 'a': baseUrl 'http://api.alpha.example' uses plain http to a non-loopback host; use https",
                  "[Tributary/DUPLICATE_CONNECTION_ID] Connection id 'a' is declared more than once: connection ids must be unique",
                  "[Tributary/INVALID_CONNECTION] Connection 'b' enables scopes [admin] that connector alpha does not declare as optional. Optional scopes: []"));
    }

    @Test
    void aLoopbackHttpBaseUrlIsAllowedForSandboxes() throws Exception {
      URLClassLoader l = connectorJar("alpha", "alpha", "", "items");

      try (Tributary t = Tributary.builder().classLoader(l)
          .connection(ConnectionConfig.builder("sandbox", "alpha").baseUrl(URI.create("http://127.0.0.1:8089")).build())
          .build()) {
        assertThat(t.connection("sandbox").effectiveBaseUrl(t.connectors().get("alpha").manifest()))
            .isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThatThrownBy(() -> t.connection("nope")).hasMessage("No connection 'nope'. Declared: sandbox");
      }
    }
  }

  private static Map<String, String> renamePackage(Map<String, String> sources, String from, String to) {
    Map<String, String> out = new HashMap<>();
    sources.forEach((k, v) -> out.put(k.replace(from, to), v.replace("package " + from, "package " + to)));
    return out;
  }
}
