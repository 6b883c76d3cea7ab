package dev.tributary.api.stream;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A field of a stream's records that holds personal data. The framework encrypts it at rest,
 * keeps it out of logs and recordings, and finds it for erasure requests. Immutable, thread-safe.
 *
 * @param path a dotted path into the mapped record's payload, e.g. {@code properties.email}
 * @param classification how the field identifies a person
 * @since 1.0
 */
public record PersonalField(String path, Classification classification) {

  private static final Pattern PATH = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*(\\.[A-Za-z_$][A-Za-z0-9_$-]*)*");

  public PersonalField {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(classification, "classification");
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("personal field path '" + path + "' is invalid: use dotted field names such as 'properties.email'");
    }
  }

  /** How strongly a personal field points at one person. */
  public enum Classification {
    /** Identifies a person on its own (email, external user id): also searchable by keyed hash. */
    IDENTIFIER,
    /** Contact details (name, phone, address). */
    CONTACT,
    /** Special-category or financial data. */
    SENSITIVE
  }
}
