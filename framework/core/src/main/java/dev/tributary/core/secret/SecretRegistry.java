package dev.tributary.core.secret;

import dev.tributary.api.secret.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide set of secret values the framework has handed out, which the {@link Redactor}
 * scrubs from every log line and exception message. Credential providers register what they
 * resolve; the token manager registers the tokens it obtains. Values stay for the life of the
 * process: a rotated-away token may still sit in a queued log event. Thread-safe.
 */
public final class SecretRegistry {

  /**
   * Shorter values are not registered: scrubbing every occurrence of a 3-letter string would
   * mangle ordinary log text, and such values are not secrets worth the name.
   */
  public static final int MIN_LENGTH = 6;

  private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
  private static volatile List<String> longestFirst = List.of();

  private SecretRegistry() {}

  /** Registers {@code secret}'s value for redaction. */
  public static Secret register(Secret secret) {
    registerValue(Objects.requireNonNull(secret, "secret").reveal());
    return secret;
  }

  /** Registers a raw value (a token read from a response) for redaction. */
  public static void registerValue(String value) {
    if (value != null && value.length() >= MIN_LENGTH && VALUES.add(value)) {
      // Longest first, so a value that contains another is replaced whole.
      longestFirst = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
  }

  /** A snapshot of the registered values, longest first. */
  static List<String> valuesLongestFirst() {
    return longestFirst;
  }

  /** The number of registered values (for tests and diagnostics; never the values). */
  public static int size() {
    return VALUES.size();
  }
}
