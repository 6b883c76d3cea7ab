package dev.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.core.credential.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets and personal data from recorded vendor exchanges before they are written:
 * known secret values, token shapes (the framework's {@link Redactor}), e-mail addresses, and the
 * values of personal fields. Replacements are stable (the same input gives the same fake), so a
 * record recorded twice still lines up in a diff. Immutable, thread-safe.
 *
 * <pre>{@code
 * Scrubber s = Scrubber.builder().secret("sk_live_...").personalField("firstname").build();
 * String clean = s.text(body);        // free text
 * JsonNode cleanJson = s.json(tree);  // field-aware: personal fields get fakes
 * }</pre>
 */
public final class Scrubber {

  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private final Map<String, String> secrets;
  private final Set<String> personalFields;

  private Scrubber(Builder b) {
    this.secrets = Map.copyOf(b.secrets);
    this.personalFields = Set.copyOf(b.personal);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The field names (lower case) whose values are replaced in JSON bodies. */
  public Set<String> personalFields() {
    return personalFields;
  }

  /** {@code text} without secret values, token shapes and e-mail addresses. */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (var s : secrets.entrySet()) {
      out = out.replace(s.getKey(), s.getValue());
    }
    out = Redactor.redact(out);
    Matcher m = EMAIL.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String email = m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(email.endsWith("@example.com") || email.endsWith("@example.org")
          ? email : "user-" + hash(email) + "@example.com"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A scrubbed copy of {@code node}: personal fields get stable fakes, every other string is {@link #text scrubbed}. */
  public JsonNode json(JsonNode node) {
    if (node instanceof ObjectNode o) {
      ObjectNode copy = o.objectNode();
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode v = o.get(name);
        if (v.isTextual() && personalFields.contains(name.toLowerCase(Locale.ROOT))) {
          copy.set(name, TextNode.valueOf(fake(name, v.asText())));
        } else if (v.isContainerNode() && personalFields.contains(name.toLowerCase(Locale.ROOT))) {
          copy.set(name, fakeAll(name, v)); // a whole personal object, e.g. an address
        } else {
          copy.set(name, json(v));
        }
      }
      return copy;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode copy = a.arrayNode();
      a.forEach(v -> copy.add(json(v)));
      return copy;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.asText()));
    }
    return node;
  }

  /** {@code node} with every string beneath it replaced by a stable fake named after its field. */
  private static JsonNode fakeAll(String field, JsonNode node) {
    if (node instanceof ObjectNode o) {
      ObjectNode copy = o.objectNode();
      o.fieldNames().forEachRemaining(n -> copy.set(n, fakeAll(n, o.get(n))));
      return copy;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode copy = a.arrayNode();
      a.forEach(v -> copy.add(fakeAll(field, v)));
      return copy;
    }
    return node.isTextual() ? TextNode.valueOf(fake(field, node.asText())) : node;
  }

  private static String fake(String field, String value) {
    if (value.isEmpty()) {
      return value;
    }
    return EMAIL.matcher(value).matches() ? "user-" + hash(value) + "@example.com" : field + "-" + hash(value);
  }

  static String hash(String value) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a {@link Scrubber}. Not thread-safe. */
  public static final class Builder {
    private final java.util.LinkedHashMap<String, String> secrets = new java.util.LinkedHashMap<>();
    private final Set<String> personal = new LinkedHashSet<>();

    private Builder() {}

    /** A secret value to replace everywhere with {@code <scrubbed:name>}. */
    public Builder secret(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (Objects.requireNonNull(value, "value").length() < 4) {
        throw new IllegalArgumentException("secret '" + name + "' is shorter than 4 characters: too short to scrub safely");
      }
      secrets.put(value, "<scrubbed:" + name + ">");
      return this;
    }

    /**
     * A JSON field name (any depth, case-insensitive) whose string values are personal data. A
     * dotted path or camelCase name also adds its last segment and snake_case form, so a stream's
     * personal field {@code properties.ownerEmail} scrubs vendor fields {@code ownerEmail} and
     * {@code owner_email}.
     */
    public Builder personalField(String pathOrName) {
      String last = Objects.requireNonNull(pathOrName, "personalField");
      last = last.substring(last.lastIndexOf('.') + 1);
      personal.add(last.toLowerCase(Locale.ROOT));
      personal.add(last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
      return this;
    }

    public Scrubber build() {
      return new Scrubber(this);
    }
  }
}
