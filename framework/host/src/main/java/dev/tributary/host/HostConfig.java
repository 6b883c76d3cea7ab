package dev.tributary.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tributary.api.stream.PersonalField;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's configuration file ({@code tributary.yaml}), as written. Only secret references
 * appear here; {@link ConfigLoader} validates it and turns it into runtime settings.
 */
record HostConfig(
    @JsonProperty("database") Database database,
    @JsonProperty("server") Server server,
    @JsonProperty("keys") Keys keys,
    @JsonProperty("sync") Sync sync,
    @JsonProperty("slo") SloConfig slo,
    @JsonProperty("connections") LinkedHashMap<String, Connection> connections) {

  HostConfig {
    database = database == null ? new Database(null, null, null) : database;
    server = server == null ? new Server(null, null, null, null, null) : server;
    keys = keys == null ? new Keys(null, null, null, null) : keys;
    sync = sync == null ? new Sync(null) : sync;
    slo = slo == null ? new SloConfig(null, null, null, null, null) : slo;
    connections = connections == null ? new LinkedHashMap<>() : connections;
  }

  static HostConfig empty() {
    return new HostConfig(null, null, null, null, null, null);
  }

  /**
   * Keys that encrypt at rest: cached tokens ({@code tokens}, older ones in {@code previous}) and
   * declared personal fields ({@code personalData}, older ones in {@code personalDataPrevious}).
   */
  record Keys(
      @JsonProperty("tokens") Key tokens,
      @JsonProperty("previous") List<Key> previous,
      @JsonProperty("personalData") Key personalData,
      @JsonProperty("personalDataPrevious") List<Key> personalDataPrevious) {

    Keys {
      previous = previous == null ? List.of() : previous;
      personalDataPrevious = personalDataPrevious == null ? List.of() : personalDataPrevious;
    }
  }

  /** One AES-256 key: an id stored with what it encrypts, and a secret reference to its base64 value. */
  record Key(@JsonProperty("id") String id, @JsonProperty("secret") String secret) {}

  /** Sync defaults. */
  record Sync(@JsonProperty("budget") java.time.Duration budget) {
    Sync {
      budget = budget == null ? java.time.Duration.ofSeconds(120) : budget;
    }
  }

  /** Where the framework keeps its tables. */
  record Database(
      @JsonProperty("url") String url,
      @JsonProperty("user") String user,
      @JsonProperty("password") String password) {

    static final String DEFAULT_URL = "jdbc:h2:file:./data/tributary";

    Database {
      url = url == null ? DEFAULT_URL : url;
      user = user == null ? "sa" : user;
    }
  }

  /** The HTTP server of {@code tributary serve}. */
  record Server(
      @JsonProperty("bind") String bind,
      @JsonProperty("port") Integer port,
      @JsonProperty("adminToken") String adminToken,
      @JsonProperty("workers") Integer workers,
      @JsonProperty("publicUrl") String publicUrl) {

    Server {
      bind = bind == null ? "127.0.0.1" : bind;
      port = port == null ? 8080 : port;
      workers = workers == null ? 0 : workers;
    }
  }

  /**
   * Service-level objectives for health and alerts; each value goes amber at {@code warnAt} of its
   * objective and red past it. Per-connection sync currency is set on the connection.
   */
  record SloConfig(
      @JsonProperty("updatesVisibleWithin") java.time.Duration updatesVisibleWithin,
      @JsonProperty("syncCurrency") java.time.Duration syncCurrency,
      @JsonProperty("errorRate") Double errorRate,
      @JsonProperty("minCalls") Integer minCalls,
      @JsonProperty("warnAt") Double warnAt) {

    SloConfig {
      updatesVisibleWithin = updatesVisibleWithin == null ? java.time.Duration.ofMinutes(15) : updatesVisibleWithin;
      syncCurrency = syncCurrency == null ? java.time.Duration.ofHours(1) : syncCurrency;
      errorRate = errorRate == null ? 0.25 : errorRate;
      minCalls = minCalls == null ? 10 : minCalls;
      warnAt = warnAt == null ? 0.8 : warnAt;
    }
  }

  /** One connection. */
  record Connection(
      @JsonProperty("connector") String connector,
      @JsonProperty("baseUrl") URI baseUrl,
      @JsonProperty("schedule") String schedule,
      @JsonProperty("timezone") java.time.ZoneId timezone,
      @JsonProperty("secrets") Map<String, String> secrets,
      @JsonProperty("options") Map<String, String> options,
      @JsonProperty("optionalScopes") List<String> optionalScopes,
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("webhookSecrets") List<String> webhookSecrets,
      @JsonProperty("syncCurrency") java.time.Duration syncCurrency,
      @JsonProperty("personalFields") Map<String, Map<String, PersonalField.Classification>> personalFields,
      @JsonProperty("retention") Map<String, java.time.Duration> retention) {

    Connection {
      webhookSecrets = webhookSecrets == null ? List.of() : webhookSecrets;
      personalFields = personalFields == null ? Map.of() : personalFields;
      retention = retention == null ? Map.of() : retention;
      secrets = secrets == null ? Map.of() : secrets;
      options = options == null ? Map.of() : options;
      optionalScopes = optionalScopes == null ? List.of() : optionalScopes;
      enabled = enabled == null || enabled;
    }
  }
}
