package dev.tributary.api.credential;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to a secret, such as {@code env:HUBSPOT_TOKEN} or {@code file:/run/secrets/hubspot}:
 * configuration holds these, never the secret itself. The scheme selects the
 * {@link CredentialProvider}. Immutable, thread-safe; safe to log.
 *
 * @since 1.0
 */
public record SecretRef(String scheme, String name) {

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

  public SecretRef {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(name, "name");
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("secret reference scheme '" + scheme + "' is invalid");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("secret reference '" + scheme + ":' names no secret");
    }
  }

  /**
   * Parses {@code scheme:name}.
   *
   * @throws IllegalArgumentException when the text is not a reference; the message never repeats
   *     the text, because a mistaken literal secret must not reach the logs
   */
  public static SecretRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("secret reference is empty: write scheme:name, e.g. env:HUBSPOT_TOKEN or file:/run/secrets/hubspot");
    }
    int colon = text.indexOf(':');
    String scheme = colon > 0 ? text.substring(0, colon) : "";
    if (colon <= 0 || !SCHEME.matcher(scheme).matches() || colon == text.length() - 1) {
      throw new IllegalArgumentException("value of " + text.length() + " characters is not a secret reference: "
          + "configuration must not hold secrets themselves; write scheme:name, e.g. env:HUBSPOT_TOKEN or file:/run/secrets/hubspot");
    }
    return new SecretRef(scheme, text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return scheme + ":" + name;
  }
}
