package dev.tributary.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a connection may work. {@link State#NEEDS_REAUTH} is set when its grant failed closed
 * and persists until an operator re-authorises it. Immutable.
 *
 * @param state the state
 * @param reason why, for the operator (redacted, never a secret); empty when active
 * @param since when the state was entered
 */
public record ConnectionStatus(State state, String reason, Instant since) {

  /** The states. */
  public enum State { ACTIVE, NEEDS_REAUTH }

  public ConnectionStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }

  /** True if the connection may send requests. */
  public boolean isActive() {
    return state == State.ACTIVE;
  }
}
