package dev.tributary.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.config.Problem;
import dev.tributary.core.config.TributaryConfigurationException;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import feign.Param;
import feign.RequestLine;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole runtime: discovery, wiring, secrets, HTTP routing, sync engine and stores, together. */
@DisplayName("The runtime syncs a connector end to end")
class RuntimeSyncTest {

  WireMockServer acme;
  WireMockServer globex;

  @BeforeEach
  void vendors() {
    acme = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    globex = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    acme.start();
    globex.start();
    servePages(acme, "acme", 3);
    servePages(globex, "globex", 1);
  }

  @AfterEach
  void stop() {
    acme.stop();
    globex.stop();
  }

  /** {@code pages} pages of two items each, linked by an {@code after} cursor. */
  static void servePages(WireMockServer server, String tenant, int pages) {
    for (int p = 0; p < pages; p++) {
      String next = p + 1 < pages ? "\"p" + (p + 1) + "\"" : "null";
      String body = """
          {"results":[{"id":"%1$s-%2$d-a","updatedAt":"2026-01-0%3$dT00:00:00Z","name":"A"},
                      {"id":"%1$s-%2$d-b","updatedAt":"2026-01-0%3$dT00:00:00Z","name":"B"}],
           "next":%4$s}""".formatted(tenant, p, p + 1, next);
      server.stubFor(get(urlPathEqualTo("/v1/items"))
          .withQueryParam("after", equalTo(p == 0 ? "" : "p" + p))
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }
  }

  static Tributary runtime(ConnectionConfig... connections) {
    Tributary.Builder b = Tributary.builder()
        .connector(new ItemsProvider())
        .database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(
            Map.of("ACME_TOKEN", "acme-secret-token", "GLOBEX_TOKEN", "globex-secret-token")))));
    for (ConnectionConfig c : connections) {
      b.connection(c);
    }
    return b.build();
  }

  ConnectionConfig acmeConnection() {
    return ConnectionConfig.builder("acme", "items").baseUrl(URI.create(acme.baseUrl()))
        .secret("token", "env:ACME_TOKEN").build();
  }

  @Test
  void aFullSyncWritesEveryRecordAndASecondRunWritesNothing() {
    try (Tributary t = runtime(acmeConnection())) {
      SyncResult first = t.sync("acme", "items", SyncStart.incremental());
      assertThat(first.written()).isEqualTo(6);
      assertThat(first.pages()).isEqualTo(3);
      assertThat(t.records().count("acme", "items")).isEqualTo(6);
      assertThat(t.cursors().load("acme", "items")).contains(Cursor.of("p2"));

      SyncResult again = t.sync("acme", "items", SyncStart.full());
      assertThat(again.written()).isZero();
      assertThat(again.unchanged()).isEqualTo(6);
      acme.verify(getRequestedFor(urlPathEqualTo("/v1/items"))
          .withHeader("Authorization", equalTo("Bearer acme-secret-token")));
    }
  }

  @Test
  void twoConnectionsOfOneConnectorAreRoutedToTheirOwnVendorAndCredentials() {
    ConnectionConfig globexConnection = ConnectionConfig.builder("globex", "items")
        .baseUrl(URI.create(globex.baseUrl())).secret("token", "env:GLOBEX_TOKEN").build();
    try (Tributary t = runtime(acmeConnection(), globexConnection)) {
      t.sync("acme", "items", SyncStart.incremental());
      t.sync("globex", "items", SyncStart.incremental());

      assertThat(t.records().count("acme", "items")).isEqualTo(6);
      assertThat(t.records().count("globex", "items")).isEqualTo(2);
      assertThat(t.records().find("globex", "items", "globex-0-a")).isPresent();
      assertThat(t.records().find("acme", "items", "globex-0-a")).isEmpty();
      globex.verify(0, getRequestedFor(urlPathEqualTo("/v1/items")).withHeader("Authorization", equalTo("Bearer acme-secret-token")));
      acme.verify(0, getRequestedFor(urlPathEqualTo("/v1/items")).withHeader("Authorization", equalTo("Bearer globex-secret-token")));
    }
  }

  @Test
  void anUnresolvableSecretStopsTheStartNamingTheReferenceNotAValue() {
    ConnectionConfig missing = ConnectionConfig.builder("acme", "items").baseUrl(URI.create(acme.baseUrl()))
        .secret("token", "env:NO_SUCH_VARIABLE").build();

    assertThatThrownBy(() -> runtime(missing))
        .isInstanceOfSatisfying(TributaryConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.id()).isEqualTo(Problem.Id.UNRESOLVABLE_SECRET);
              assertThat(p.message()).startsWith("Connection 'acme', secret 'token': ").contains("env:NO_SUCH_VARIABLE");
            }));
  }

  @Test
  void aSyncWithoutADatabaseSaysHowToConfigureOne() {
    try (Tributary t = Tributary.builder().connector(new ItemsProvider())
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("ACME_TOKEN", "x")))))
        .connection(acmeConnection()).build()) {
      assertThatThrownBy(() -> t.sync("acme", "items", SyncStart.incremental()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("this runtime has no database: configure one with Tributary.builder().database(...)");
    }
  }

  @Test
  void anUnknownStreamListsTheConnectorsStreams() {
    try (Tributary t = runtime(acmeConnection())) {
      assertThatThrownBy(() -> t.sync("acme", "orders", SyncStart.incremental()))
          .hasMessage("Connector 'items' has no stream 'orders'. Streams: items");
    }
  }

  @Test
  void anActionJobRunsAsItsConnectionWithTheConnectionsOptionsAndIdempotencyKey() throws Exception {
    ConnectionConfig withRegion = ConnectionConfig.builder("acme", "items").baseUrl(URI.create(acme.baseUrl()))
        .secret("token", "env:ACME_TOKEN").option("region", "eu-2").build();
    try (Tributary t = runtime(withRegion)) {
      RecordAction.SEEN.clear();
      t.queue().enqueue(dev.tributary.core.queue.ActionJobHandler.request("acme", "record", Map.of("n", 1))
          .idempotencyKey("key-123").build());
      try (var workers = t.workers().threads(1).build()) {
        assertThat(workers.drain()).isEqualTo(1);
      }
      assertThat(RecordAction.SEEN).containsExactly("acme eu-2 key-123 6");
    }
  }

  /** An action that calls the vendor (so it must run as its connection) and records what it saw. */
  static final class RecordAction implements dev.tributary.api.connector.Action<Map<String, Object>, String> {
    static final List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ItemsApi api;

    @Inject
    RecordAction(ItemsApi api) {
      this.api = api;
    }

    @Override
    public String name() {
      return "record";
    }

    @SuppressWarnings("unchecked")
    @Override
    public Class<Map<String, Object>> inputType() {
      return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }

    @Override
    public String execute(ActionContext context, Map<String, Object> input) {
      int items = 0;
      for (ItemsPage p = api.items(""); ; p = api.items(p.next())) {
        items += p.results().size();
        if (p.next() == null) {
          break;
        }
      }
      String seen = context.connectionId() + " " + context.options().get("region") + " " + context.idempotencyKey() + " " + items;
      SEEN.add(seen);
      return seen;
    }
  }

  // --- the fixture connector: what a connector author writes ---

  /** The vendor API as a Feign interface. */
  interface ItemsApi {
    @RequestLine("GET /v1/items?after={after}")
    ItemsPage items(@Param("after") String after);
  }

  record Item(@JsonProperty("id") String id, @JsonProperty("updatedAt") Instant updatedAt,
      @JsonProperty("name") String name) {}

  record ItemsPage(@JsonProperty("results") List<Item> results, @JsonProperty("next") String next) {}

  static final class ItemsStream implements Stream<Item> {
    static final StreamSpec SPEC = StreamSpec.builder("items").requiredFields("id", "updatedAt").expectedFields("name").build();
    private final ItemsApi api;

    @Inject
    ItemsStream(ItemsApi api) {
      this.api = api;
    }

    @Override
    public StreamSpec spec() {
      return SPEC;
    }

    @Override
    public Mapper<Item> mapper() {
      return i -> MappedRecord.of(i.id(), i.updatedAt(), i);
    }

    @Override
    public Page<Item> read(StreamContext context, Cursor cursor) {
      ItemsPage p = api.items(cursor.valueOr(""));
      return p.next() == null ? Page.last(p.results()) : Page.of(p.results(), Cursor.of(p.next()));
    }
  }

  public static final class ItemsProvider implements ConnectorProvider {
    @Override
    public ConnectorManifest manifest() {
      return ConnectorManifest.builder("items", "1.0.0")
          .baseUrl(URI.create("https://api.items.example"))
          .egressHosts("api.items.example")
          .auth(AuthScheme.bearer())
          .stream(ItemsStream.SPEC)
          .build();
    }

    @Override
    public com.google.inject.Module module() {
      return new ConnectorModule() {
        @Override
        protected void configureConnector() {
          stream(ItemsStream.class);
          action(RecordAction.class);
        }

        @Provides
        @Singleton
        ItemsApi api(VendorClients clients) {
          return clients.create(ItemsApi.class);
        }
      };
    }
  }
}
