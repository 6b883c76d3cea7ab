package dev.tributary.testkit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.store.RecordStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * For a connector's own tests beside the contract kit: a WireMock vendor serving one stream's golden directory on loopback, and a runtime whose one
 * connection points at it. Rate-limit waits and retry backoff go to a no-op sleeper.
 */
public final class GoldenVendor implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The golden vendor on loopback. */
  public final WireMockServer server;
  /** The runtime, with connection {@code acme} pointed at the golden vendor. */
  public final Tributary runtime;

  /** Every wait the runtime asked for (retry backoff, Retry-After, rate-limit permits), in order. */
  public final List<java.time.Duration> slept = new java.util.concurrent.CopyOnWriteArrayList<>();

  public GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      UnaryOperator<ConnectionConfig.Builder> connection) {
    this(provider, goldenDir, env, (c, url) -> connection.apply(c), java.time.Clock.systemUTC(), b -> b);
  }

  public GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      java.util.function.BiFunction<ConnectionConfig.Builder, String, ConnectionConfig.Builder> connection,
      java.time.Clock clock, UnaryOperator<Tributary.Builder> configure) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true)
        .usingFilesUnderClasspath("golden/" + goldenDir));
    server.start();
    runtime = configure.apply(Tributary.builder())
        .clock(clock)
        .connector(provider)
        .database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(env))))
        .http(VendorClientFactory.builder().clock(clock).sleeper(d -> {
          if (!d.isZero()) {
            slept.add(d);
          }
        }).build())
        .connection(connection.apply(ConnectionConfig.builder("acme", provider.manifest().id())
            .baseUrl(URI.create(server.baseUrl())), server.baseUrl()).build())
        .build();
  }

  /** Asserts the stored records of {@code stream} are exactly the golden expected-records.json. */
  public void assertStoredRecordsMatchGolden(String goldenDir, String stream) throws IOException {
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/golden/" + goldenDir + "/expected-records.json")) {
      expected = JSON.readTree(in);
    }
    RecordStore records = runtime.records();
    assertThat(records.count("acme", stream)).isEqualTo(expected.size());
    for (JsonNode e : expected) {
      String id = e.get("externalId").asText();
      RecordStore.StoredRecord stored = records.find("acme", stream, id).orElseThrow(
          () -> new AssertionError("record " + id + " of stream " + stream + " was not stored"));
      assertThat(stored.vendorUpdatedAt()).as("updatedAt of " + id).hasToString(e.get("updatedAt").asText());
      assertThat(stored.deleted()).as("deleted of " + id).isEqualTo(e.get("deleted").asBoolean());
      assertThat(JSON.readTree(stored.payloadJson())).as("payload of " + id).isEqualTo(e.get("payload"));
    }
  }

  /** A vendor whose connection settings may use the golden server's URL. */
  public GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      java.util.function.BiFunction<ConnectionConfig.Builder, String, ConnectionConfig.Builder> connection) {
    this(provider, goldenDir, env, connection, java.time.Clock.systemUTC(), b -> b);
  }

  /** As above, with extra runtime settings. */
  public GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      java.util.function.BiFunction<ConnectionConfig.Builder, String, ConnectionConfig.Builder> connection,
      UnaryOperator<Tributary.Builder> configure) {
    this(provider, goldenDir, env, connection, java.time.Clock.systemUTC(), configure);
  }

  @Override
  public void close() {
    runtime.close();
    server.stop();
  }
}
