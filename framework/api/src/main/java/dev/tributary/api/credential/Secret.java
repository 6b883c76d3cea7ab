package dev.tributary.api.credential;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value: a token, key or password. Its {@link #toString()} never shows the value, Jackson
 * refuses to serialize it, and the value is reachable only through {@link #reveal()}, so that every
 * place that reads it is easy to find. Instances the framework hands out are also registered with
 * its log redactor. Immutable, thread-safe.
 *
 * @since 1.0
 */
@JsonSerialize(using = Secret.RefuseSerialization.class)
public final class Secret {

  private final String value;
  private final String source;

  private Secret(String value, String source) {
    this.value = value;
    this.source = source;
  }

  /**
   * Wraps {@code value}; {@code source} says where it came from (a reference, never the value).
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public static Secret of(String value, String source) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret from " + source + " is empty");
    }
    return new Secret(value, Objects.requireNonNull(source, "source"));
  }

  /** The secret value. Call it only where the value is sent or used as a key. */
  public String reveal() {
    return value;
  }

  /** The value's UTF-8 bytes, for keys and HMACs. */
  public byte[] revealBytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Where the secret came from, e.g. {@code env:HUBSPOT_TOKEN}. Safe to log. */
  public String source() {
    return source;
  }

  /** Constant-time comparison of the values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && java.security.MessageDigest.isEqual(revealBytes(), s.revealBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(revealBytes());
  }

  @Override
  public String toString() {
    return "Secret[" + source + ", ****]";
  }

  /** Makes any attempt to write a {@link Secret} as JSON fail loudly instead of leaking it. */
  static final class RefuseSerialization extends JsonSerializer<Secret> {
    @Override
    public void serialize(Secret secret, JsonGenerator gen, SerializerProvider provider) throws JsonMappingException {
      throw JsonMappingException.from(gen, "Secret from " + secret.source()
          + " cannot be serialized: write its reference, not its value");
    }
  }
}
