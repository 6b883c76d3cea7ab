package dev.tributary.core.config;

import java.util.Objects;

/**
 * One configuration problem found at start-up, with a stable id so that documentation, tests and
 * operators can refer to it ({@code [Tributary/DUPLICATE_CONNECTOR_ID]}). Immutable.
 *
 * @param id the stable id
 * @param message what was found, who is at fault and how to fix it
 */
public record Problem(Id id, String message) {

  public Problem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
  }

  /** The stable problem ids. */
  public enum Id {
    PROVIDER_LOAD_FAILED,
    DUPLICATE_CONNECTOR_ID,
    INCOMPATIBLE_SPI,
    INVALID_MANIFEST,
    UNKNOWN_AUTH_SCHEME,
    WIRING_FAILED,
    STREAM_NOT_BOUND,
    STREAM_NOT_DECLARED,
    DUPLICATE_CONNECTION_ID,
    UNKNOWN_CONNECTOR,
    MISSING_SECRET,
    UNRESOLVABLE_SECRET,
    INVALID_CONNECTION,
    UNDECLARED_EGRESS_HOST
  }

  @Override
  public String toString() {
    return "[Tributary/" + id + "] " + message;
  }
}
