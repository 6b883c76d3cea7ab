package dev.tributary.core.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts health rules judge, gathered at one moment (by {@link HealthProbe} or by a test).
 * Immutable.
 *
 * @param database empty when the database answered; otherwise why it did not
 * @param queue empty when the queue could not be read
 */
public record HealthSnapshot(Optional<String> database, Optional<QueueState> queue, List<ConnectionState> connections) {

  public HealthSnapshot {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(queue, "queue");
    connections = List.copyOf(connections);
  }

  /**
   * @param oldestDue when the oldest job that may run now was created (empty: none waiting)
   */
  public record QueueState(long ready, long running, long deadLetters, Optional<Instant> oldestDue) {}

  /**
   * One connection.
   *
   * @param auth {@code OK}, {@code NEEDS_REAUTH} or {@code DISABLED}, from {@code connection_status}
   * @param authReason why, when not OK
   * @param lastSuccess per declared stream, when its last sync finished DONE (empty: never)
   * @param calls vendor calls in the error-rate window
   * @param errors failed vendor calls in the window
   * @param circuitOpen whether its circuit breaker is open
   */
  public record ConnectionState(String id, String connectorId, String auth, Optional<String> authReason,
      Map<String, Optional<Instant>> lastSuccess, long calls, long errors, boolean circuitOpen, boolean enabled) {
    public ConnectionState {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(authReason, "authReason");
      lastSuccess = Map.copyOf(lastSuccess);
    }
  }
}
