package dev.tributary.connector.hubspot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.secret.CredentialProviders;
import dev.tributary.core.secret.EnvCredentialProvider;
import dev.tributary.core.store.RecordStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A WireMock vendor serving one stream's golden directory on loopback, and a runtime whose one
 * connection points at it. Rate-limit waits and retry backoff go to a no-op sleeper.
 */
final class GoldenVendor implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final WireMockServer server;
  final Tributary runtime;

  GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      java.util.function.BiFunction<ConnectionConfig.Builder, String, ConnectionConfig.Builder> connection) {
    this(provider, goldenDir, env, connection, b -> b);
  }

  GoldenVendor(ConnectorProvider provider, String goldenDir, Map<String, String> env,
      java.util.function.BiFunction<ConnectionConfig.Builder, String, ConnectionConfig.Builder> connection, UnaryOperator<Tributary.Builder> configure) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true)
        .usingFilesUnderClasspath("golden/" + goldenDir));
    server.start();
    runtime = configure.apply(Tributary.builder())
        .connector(provider)
        .database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(env))))
        .http(VendorClientFactory.builder().sleeper(d -> { }).build())
        .connection(connection.apply(ConnectionConfig.builder("acme", provider.manifest().id())
            .baseUrl(URI.create(server.baseUrl())), server.baseUrl()).build())
        .build();
  }

  /** Asserts the stored records of {@code stream} are exactly the golden expected-records.json. */
  void assertStoredRecordsMatchGolden(String goldenDir, String stream) throws IOException {
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

  @Override
  public void close() {
    runtime.close();
    server.stop();
  }
}
