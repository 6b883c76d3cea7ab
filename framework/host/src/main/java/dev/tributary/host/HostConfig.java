package dev.tributary.host;

import com.fasterxml.jackson.annotation.JsonProperty;
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
    @JsonProperty("connections") LinkedHashMap<String, Connection> connections) {

  HostConfig {
    database = database == null ? new Database(null, null, null) : database;
    server = server == null ? new Server(null, null, null) : server;
    connections = connections == null ? new LinkedHashMap<>() : connections;
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
      @JsonProperty("adminToken") String adminToken) {

    Server {
      bind = bind == null ? "127.0.0.1" : bind;
      port = port == null ? 8080 : port;
    }
  }

  /** One connection. */
  record Connection(
      @JsonProperty("connector") String connector,
      @JsonProperty("baseUrl") URI baseUrl,
      @JsonProperty("schedule") String schedule,
      @JsonProperty("secrets") Map<String, String> secrets,
      @JsonProperty("options") Map<String, String> options,
      @JsonProperty("optionalScopes") List<String> optionalScopes,
      @JsonProperty("enabled") Boolean enabled) {

    Connection {
      secrets = secrets == null ? Map.of() : secrets;
      options = options == null ? Map.of() : options;
      optionalScopes = optionalScopes == null ? List.of() : optionalScopes;
      enabled = enabled == null || enabled;
    }
  }
}
