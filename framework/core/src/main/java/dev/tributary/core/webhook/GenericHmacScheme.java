package dev.tributary.core.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configurable HMAC-SHA256 scheme for vendors the framework has no preset for: which header
 * carries the signature, its prefix and encoding, an optional timestamp header and the template of
 * the signed content. Selected by {@link #TYPE} as the {@code WebhookScheme} type.
 *
 * <p>The template names the signed parts: {@code {method}}, {@code {uri}}, {@code {body}} (the raw
 * bytes, exactly once), {@code {timestamp}} (the timestamp header's value as received) and
 * {@code {id}} (the scheme's delivery id header); everything else is literal text. Examples:
 * <pre>
 * GenericHmacScheme.builder("X-Signature").prefix("sha256=").build();          // GitHub-like
 * GenericHmacScheme.builder("X-Signature").encoding(Encoding.BASE64)
 *     .timestampHeader("X-Timestamp", TimestampUnit.SECONDS)
 *     .template("{timestamp}.{body}").build();                                    // Stripe-like
 * </pre>
 * Immutable, thread-safe.
 *
 * @since 1.0
 */
public final class GenericHmacScheme {

  /** The {@code WebhookScheme} type that selects a generic scheme. */
  public static final String TYPE = "hmac-generic";

  /** How the signature bytes are written in the header. */
  public enum Encoding { HEX, BASE64 }

  /** The unit of the timestamp header. */
  public enum TimestampUnit { SECONDS, MILLISECONDS }

  /** One part of the signed content. */
  sealed interface Part {}

  record Literal(byte[] bytes) implements Part {}

  enum Field implements Part { METHOD, URI, BODY, TIMESTAMP, ID }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final String signatureHeader;
  private final String prefix;
  private final Encoding encoding;
  private final String timestampHeader;
  private final TimestampUnit timestampUnit;
  private final String template;
  private final List<Part> parts;

  private GenericHmacScheme(Builder b, List<Part> parts) {
    this.signatureHeader = b.signatureHeader;
    this.prefix = b.prefix;
    this.encoding = b.encoding;
    this.timestampHeader = b.timestampHeader;
    this.timestampUnit = b.timestampUnit;
    this.template = b.template;
    this.parts = List.copyOf(parts);
  }

  /**
   * Starts a scheme whose signature is in header {@code signatureHeader}.
   *
   * @throws IllegalArgumentException if the header name is blank
   */
  public static Builder builder(String signatureHeader) {
    return new Builder(signatureHeader);
  }

  public String signatureHeader() {
    return signatureHeader;
  }

  public String prefix() {
    return prefix;
  }

  public Encoding encoding() {
    return encoding;
  }

  public Optional<String> timestampHeader() {
    return Optional.ofNullable(timestampHeader);
  }

  public TimestampUnit timestampUnit() {
    return timestampUnit;
  }

  public String template() {
    return template;
  }

  List<Part> parts() {
    return parts;
  }

  boolean signsId() {
    return parts.contains(Field.ID);
  }

  @Override
  public String toString() {
    return "GenericHmacScheme[" + signatureHeader + ": " + prefix + "<" + encoding + ">, template "
        + template + (timestampHeader == null ? "" : ", timestamp " + timestampHeader + " in " + timestampUnit) + "]";
  }

  static List<Part> parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(literal(template.substring(at, m.start())));
      }
      Field field = switch (m.group(1)) {
        case "method" -> Field.METHOD;
        case "uri" -> Field.URI;
        case "body" -> Field.BODY;
        case "timestamp" -> Field.TIMESTAMP;
        case "id" -> Field.ID;
        default -> throw new IllegalArgumentException("template '" + template + "' has unknown placeholder {"
            + m.group(1) + "}: use {method}, {uri}, {body}, {timestamp} or {id}");
      };
      parts.add(field);
      at = m.end();
    }
    if (at < template.length()) {
      parts.add(literal(template.substring(at)));
    }
    for (Part p : parts) {
      if (p instanceof Literal l && (new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("{")
          || new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains("}"))) {
        throw new IllegalArgumentException("template '" + template + "' has an unbalanced brace: placeholders are "
            + "{method}, {uri}, {body}, {timestamp} or {id}");
      }
    }
    long bodies = parts.stream().filter(p -> p == Field.BODY).count();
    if (bodies != 1) {
      throw new IllegalArgumentException("template '" + template + "' must contain {body} exactly once, was "
          + bodies + " times: the raw body is what the vendor signs");
    }
    return parts;
  }

  private static Literal literal(String s) {
    return new Literal(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Builds a {@link GenericHmacScheme}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String signatureHeader;
    private String prefix = "";
    private Encoding encoding = Encoding.HEX;
    private String timestampHeader;
    private TimestampUnit timestampUnit = TimestampUnit.SECONDS;
    private String template = "{body}";

    private Builder(String signatureHeader) {
      this.signatureHeader = headerName(signatureHeader, "signatureHeader");
    }

    /** The text before the encoded signature, e.g. {@code sha256=}; default none. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** How the signature is encoded; default {@link Encoding#HEX}. */
    public Builder encoding(Encoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * The header carrying the signed timestamp; deliveries outside the time window are refused.
     *
     * @throws IllegalArgumentException if the header name is blank
     */
    public Builder timestampHeader(String header, TimestampUnit unit) {
      this.timestampHeader = headerName(header, "timestampHeader");
      this.timestampUnit = Objects.requireNonNull(unit, "unit");
      return this;
    }

    /**
     * The signed content; default {@code {body}}.
     *
     * @throws IllegalArgumentException if a placeholder is unknown, a brace unbalanced, or
     *     {@code {body}} does not occur exactly once
     */
    public Builder template(String template) {
      Objects.requireNonNull(template, "template");
      parse(template);
      this.template = template;
      return this;
    }

    /**
     * Builds the scheme.
     *
     * @throws IllegalArgumentException if a timestamp header is set but the template does not sign
     *     {@code {timestamp}} (it could then be forged), or the template signs one without a header
     */
    public GenericHmacScheme build() {
      List<Part> parts = parse(template);
      boolean signsTimestamp = parts.contains(Field.TIMESTAMP);
      if (timestampHeader != null && !signsTimestamp) {
        throw new IllegalArgumentException("template '" + template + "' must sign {timestamp} when timestamp header "
            + timestampHeader + " is set, or anyone could change the timestamp");
      }
      if (timestampHeader == null && signsTimestamp) {
        throw new IllegalArgumentException("template '" + template
            + "' signs {timestamp} but no timestamp header is set: call timestampHeader(name, unit)");
      }
      return new GenericHmacScheme(this, parts);
    }

    private static String headerName(String name, String what) {
      Objects.requireNonNull(name, what);
      if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
        throw new IllegalArgumentException(what + " '" + name + "' is not a valid HTTP header name");
      }
      return name;
    }
  }
}
