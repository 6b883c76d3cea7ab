package dev.tributary.api.stream;

import java.util.Map;
import java.util.Optional;

/**
 * What a stream knows of the run it is part of: which connection it reads for and that
 * connection's options (e.g. which repository, which properties to fetch). The framework's vendor
 * clients already route each call to this connection; a stream needs the context only for options.
 *
 * @since 1.0
 */
public interface StreamContext {

  /** The connection's id, e.g. {@code acme-hubspot}. */
  String connectionId();

  /** The connection's non-secret options from configuration. */
  Map<String, String> options();

  /** One option. */
  default Optional<String> option(String name) {
    return Optional.ofNullable(options().get(name));
  }

  /**
   * One option that must be present.
   *
   * @throws IllegalArgumentException naming the option and the connection when it is missing
   */
  default String requireOption(String name) {
    String v = options().get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("connection '" + connectionId() + "' needs option '" + name + "'");
    }
    return v;
  }
}
