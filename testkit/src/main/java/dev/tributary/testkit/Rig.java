package dev.tributary.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.Sink;
import dev.tributary.core.Tributary;
import dev.tributary.core.auth.TokenEndpointClient;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.config.TributaryConfigurationException;
import dev.tributary.core.http.HttpSettings;
import dev.tributary.core.http.VendorCallListener;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One contract scenario: a golden server on loopback serving one stream's (possibly mutated)
 * mappings, an OAuth2 token endpoint when the connector needs one, and the real runtime (H2 in
 * memory, virtual time) with one connection pointed at them. Not thread-safe; one per check.
 */
final class Rig implements AutoCloseable {

  static final String CONNECTION = "contract";
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  /**
   * The read timeout of every check but the timeout check: long enough that a loaded build machine
   * never turns a golden answer into a timeout (and a retry the check did not ask for).
   */
  static final Duration NORMAL_READ_TIMEOUT = Duration.ofSeconds(5);
  static final Set<String> TOKEN_SCHEMES = Set.of(AuthScheme.OAUTH2_REFRESH_TOKEN, AuthScheme.OAUTH2_CLIENT_CREDENTIALS);

  final ConnectorManifest manifest;
  final ContractSettings settings;
  final VirtualTime time = new VirtualTime(EPOCH);
  final WireMockServer vendor;
  final WireMockServer tokens;
  final String accessToken;
  final Tributary runtime;
  final List<VendorCallListener.Event> attempts = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> mappingIndex = new HashMap<>();
  private final String dbUrl;

  /** How the token endpoint answers. */
  enum TokenEndpoint { GRANTS, REFUSES_GRANT }

  Rig(ConnectorProvider provider, ContractSettings settings, List<ObjectNode> mappings, TokenEndpoint tokenMode) {
    this(provider, settings, mappings, tokenMode, 1, null, NORMAL_READ_TIMEOUT);
  }

  /**
   * @param tenants how many connections to declare: {@link #CONNECTION}, then {@code contract-2}, ...
   * @param vendorExtension a WireMock extension for the golden server (e.g. a rate limiter), or null
   * @param readTimeout the runtime's read timeout: generous, except in the read-timeout check
   */
  Rig(ConnectorProvider provider, ContractSettings settings, List<ObjectNode> mappings, TokenEndpoint tokenMode,
      int tenants, java.util.function.Function<VirtualTime, com.github.tomakehurst.wiremock.extension.Extension> vendorExtension,
      Duration readTimeout) {
    this.manifest = provider.manifest();
    this.settings = settings;
    this.accessToken = "kit-access-token-CANARY-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    vendor = server(vendorExtension == null ? null : vendorExtension.apply(time));
    WireMockServer tokenServer = null;
    Tributary t = null;
    try {
      for (int i = 0; i < mappings.size(); i++) {
        StubMapping stub = StubMapping.buildFrom(Golden.withBaseUrl(mappings.get(i), vendor.baseUrl()).toString());
        vendor.addStubMapping(stub);
        mappingIndex.put(stub.getId().toString(), i);
      }
      boolean usesTokens = TOKEN_SCHEMES.contains(manifest.auth().type());
      if (usesTokens) {
        tokenServer = server(null);
        tokenServer.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(tokenMode == TokenEndpoint.GRANTS
            ? aResponse().withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"" + accessToken
                + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")
            : aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked (contract kit)\"}")));
      }
      tokens = tokenServer;
      dbUrl = "jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      Map<String, String> env = new LinkedHashMap<>();
      List<ConnectionConfig> connections = new ArrayList<>();
      for (int i = 0; i < tenants; i++) {
        ConnectionConfig.Builder connection = ConnectionConfig.builder(i == 0 ? CONNECTION : CONNECTION + "-" + (i + 1),
            manifest.id()).baseUrl(URI.create(vendor.baseUrl()));
        settings.secrets().forEach((name, value) -> {
          String var = "CONTRACT_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
          env.put(var, value);
          connection.secret(name, "env:" + var);
        });
        settings.options().forEach(connection::option);
        if (usesTokens) {
          connection.option("tokenUrl", tokens.baseUrl() + "/oauth/token");
        }
        connections.add(connection.build());
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      HttpSettings http = HttpSettings.builder().readTimeout(readTimeout).build();
      t = Tributary.builder()
          .connector(provider)
          .database(dbUrl, "sa", "")
          .clock(time)
          .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(env))))
          .tokenKeys(KeyService.builder().activeKey("contract", Secret.of(Base64.getEncoder().encodeToString(key),
              "contract kit")).build())
          .http(VendorClientFactory.builder().clock(time).sleeper(time).settings(http).listener(attempts::add).build())
          .tokenEndpoint(TokenEndpointClient.builder().sleeper(time).build())
          .connections(connections)
          .build();
    } catch (TributaryConfigurationException e) {
      stopQuietly();
      if (tokenServer != null) {
        tokenServer.stop();
      }
      throw new AssertionError("the runtime refused connector '" + manifest.id() + "' with the contract settings: "
          + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      stopQuietly();
      if (tokenServer != null) {
        tokenServer.stop();
      }
      throw e;
    }
    runtime = t;
  }

  private static WireMockServer server(com.github.tomakehurst.wiremock.extension.Extension extension) {
    var config = options().bindAddress("127.0.0.1").dynamicPort()
        .notifier(new ConsoleNotifier(false)).containerThreads(12).jettyAcceptors(1);
    WireMockServer s = new WireMockServer(extension == null ? config : config.extensions(extension));
    s.start();
    return s;
  }

  boolean usesTokens() {
    return tokens != null;
  }

  /** Answers the first vendor request, whatever it is, with {@code fault}; later ones from the golden files. */
  void faultOnce(ResponseDefinitionBuilder fault) {
    vendor.stubFor(any(anyUrl()).atPriority(1).inScenario("contract-fault")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fault-served").willReturn(fault));
  }

  /** The result of one sync, or how it failed to end. */
  record Run(SyncResult result, Throwable thrown, boolean cutOff, int requests) {
    boolean done() {
      return result != null && result.stoppedBecause() == SyncResult.StopReason.DONE;
    }

    Optional<String> error() {
      if (thrown != null) {
        return Optional.of(thrown.toString());
      }
      return result.error().map(Throwable::getMessage);
    }
  }

  Run sync(String stream, SyncStart start) {
    return sync(stream, start, null, Integer.MAX_VALUE);
  }

  /**
   * Syncs on a worker thread, cutting the vendor off (stopping the golden server) once it has seen
   * more than {@code maxRequests} requests or the sync outlives {@link ContractSettings#maxSyncTime()}.
   */
  Run sync(String stream, SyncStart start, Sink sink, int maxRequests) {
    int before = requests();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread th = new Thread(r, "contract-sync");
      th.setDaemon(true);
      return th;
    });
    try {
      Future<SyncResult> f = worker.submit(() -> sink == null ? runtime.sync(CONNECTION, stream, start)
          : runtime.sync(CONNECTION, stream, start, sink));
      long deadline = System.nanoTime() + settings.maxSyncTime().toNanos();
      boolean cutOff = false;
      while (true) {
        try {
          SyncResult r = f.get(20, TimeUnit.MILLISECONDS);
          return new Run(r, null, cutOff, requests() - before);
        } catch (TimeoutException e) {
          if (!cutOff && (requests() - before > maxRequests || System.nanoTime() > deadline)) {
            cutOff = true;
            int seen = requests() - before;
            vendor.stop();
            if (tokens != null) {
              tokens.stop();
            }
            try {
              SyncResult r = f.get(10, TimeUnit.SECONDS);
              return new Run(r, null, true, seen);
            } catch (TimeoutException stuck) {
              f.cancel(true);
              return new Run(null, stuck, true, seen);
            } catch (java.util.concurrent.ExecutionException failed) {
              return new Run(null, failed.getCause(), true, seen);
            }
          }
        } catch (java.util.concurrent.ExecutionException e) {
          return new Run(null, e.getCause(), cutOff, requests() - before);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while syncing", e);
    } finally {
      worker.shutdownNow();
    }
  }

  int requests() {
    return vendor.isRunning() ? vendor.getAllServeEvents().size() : 0;
  }

  int tokenRequests() {
    return tokens == null || !tokens.isRunning() ? 0 : tokens.getAllServeEvents().size();
  }

  /** The golden mapping index that answered each request, in request order; -1 for unmatched or injected. */
  List<Integer> servedOrder() {
    List<ServeEvent> events = new ArrayList<>(vendor.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<Integer> order = new ArrayList<>();
    for (ServeEvent e : events) {
      StubMapping m = e.getStubMapping();
      order.add(m == null || m.getId() == null ? -1 : mappingIndex.getOrDefault(m.getId().toString(), -1));
    }
    return order;
  }

  /** The first request's {@code METHOD url} and how many times it was sent. */
  Map.Entry<String, Long> firstRequestRepeats() {
    List<ServeEvent> events = new ArrayList<>(vendor.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    if (events.isEmpty()) {
      return Map.entry("<none>", 0L);
    }
    String first = events.get(0).getRequest().getMethod() + " " + events.get(0).getRequest().getUrl();
    return Map.entry(first, events.stream().filter(e -> (e.getRequest().getMethod() + " " + e.getRequest().getUrl())
        .equals(first)).count());
  }

  /** Requests no golden mapping answered, as {@code METHOD url}. */
  List<String> unmatched() {
    return vendor.findAllUnmatchedRequests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
  }

  Optional<Cursor> cursor(String stream) {
    return runtime.cursors().load(CONNECTION, stream);
  }

  /** Every row of the record table for {@code stream}. */
  List<GoldenRecord> records(String stream) {
    List<GoldenRecord> out = new ArrayList<>();
    try (Connection c = runtime.database().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT external_id, vendor_updated_at, deleted, payload FROM stream_record"
            + " WHERE connection_id = ? AND stream = ? ORDER BY external_id")) {
      ps.setString(1, CONNECTION);
      ps.setString(2, stream);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new GoldenRecord(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBoolean(3),
              Golden.JSON.readTree(rs.getString(4))));
        }
      }
    } catch (SQLException | java.io.IOException e) {
      throw new AssertionError("could not read the record table: " + e, e);
    }
    return out;
  }

  @Override
  public void close() {
    try (Connection c = runtime.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException | RuntimeException e) {
      // The in-memory database goes with the JVM anyway.
    }
    runtime.close();
    stopQuietly();
  }

  private void stopQuietly() {
    if (vendor != null && vendor.isRunning()) {
      vendor.stop();
    }
    if (tokens != null && tokens.isRunning()) {
      tokens.stop();
    }
  }

  static Duration since(Instant start, VirtualTime time) {
    return Duration.between(start, time.instant());
  }
}
