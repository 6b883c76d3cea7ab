package dev.tributary.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.store.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persists {@link ConnectionStatus}: the token manager marks a connection NEEDS_REAUTH here, the
 * health check and the scheduler read it. A connection never marked is active. Thread-safe.
 */
public interface ConnectionStatusStore {

  /** The status of {@code connectionId}, if it was ever marked. */
  Optional<ConnectionStatus> find(String connectionId);

  /** Records {@code status}. */
  void save(String connectionId, ConnectionStatus status);

  /** True unless the connection is marked as needing re-authorisation. */
  default boolean isActive(String connectionId) {
    return find(connectionId).map(ConnectionStatus::isActive).orElse(true);
  }

  /** A store in this process only (tests, single-process embedding without a database). */
  static ConnectionStatusStore inMemory() {
    Map<String, ConnectionStatus> map = new ConcurrentHashMap<>();
    return new ConnectionStatusStore() {
      @Override
      public Optional<ConnectionStatus> find(String connectionId) {
        return Optional.ofNullable(map.get(connectionId));
      }

      @Override
      public void save(String connectionId, ConnectionStatus status) {
        map.put(connectionId, Objects.requireNonNull(status, "status"));
      }
    };
  }

  /**
   * A store on a {@link StateStore}, shared by every process on the database. The StateStore
   * requires a TTL; statuses get ten years, i.e. until an operator changes them.
   */
  static ConnectionStatusStore on(StateStore store) {
    Objects.requireNonNull(store, "store");
    ObjectMapper json = new ObjectMapper();
    Duration forever = Duration.ofDays(3650);
    return new ConnectionStatusStore() {
      @Override
      public Optional<ConnectionStatus> find(String connectionId) {
        return store.get(key(connectionId)).map(bytes -> {
          try {
            JsonNode n = json.readTree(bytes);
            return new ConnectionStatus(ConnectionStatus.State.valueOf(n.path("state").asText()),
                n.path("reason").asText(""), Instant.parse(n.path("since").asText()));
          } catch (IOException | RuntimeException e) {
            // An unreadable status must not unlock a connection: treat it as needing attention.
            return new ConnectionStatus(ConnectionStatus.State.NEEDS_REAUTH,
                "stored status of connection '" + connectionId + "' is unreadable: " + e.getClass().getSimpleName(), Instant.EPOCH);
          }
        });
      }

      @Override
      public void save(String connectionId, ConnectionStatus status) {
        String text = json.createObjectNode().put("state", status.state().name()).put("reason", status.reason())
            .put("since", status.since().toString()).toString();
        store.put(key(connectionId), text.getBytes(StandardCharsets.UTF_8), forever);
      }

      private String key(String connectionId) {
        return "connection-status:" + connectionId;
      }
    };
  }

  /**
   * A store on the framework's {@code connection_status} table, the one health checks and the queue
   * read. An operator's DISABLED counts as not active too.
   */
  static ConnectionStatusStore on(dev.tributary.core.store.ConnectionStatusStore table) {
    Objects.requireNonNull(table, "table");
    return new ConnectionStatusStore() {
      @Override
      public Optional<ConnectionStatus> find(String connectionId) {
        var e = table.get(connectionId);
        if (e.since().equals(Instant.EPOCH) && e.status() == dev.tributary.core.store.ConnectionStatusStore.Status.OK) {
          return Optional.empty();
        }
        ConnectionStatus.State state = e.status() == dev.tributary.core.store.ConnectionStatusStore.Status.OK
            ? ConnectionStatus.State.ACTIVE : ConnectionStatus.State.NEEDS_REAUTH;
        return Optional.of(new ConnectionStatus(state, e.reason().orElse(""), e.since()));
      }

      @Override
      public void save(String connectionId, ConnectionStatus status) {
        table.set(connectionId, status.isActive() ? dev.tributary.core.store.ConnectionStatusStore.Status.OK
            : dev.tributary.core.store.ConnectionStatusStore.Status.NEEDS_REAUTH, status.reason());
      }
    };
  }
}
