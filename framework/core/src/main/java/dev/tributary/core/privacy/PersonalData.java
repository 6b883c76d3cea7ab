package dev.tributary.core.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.core.json.Json;
import dev.tributary.core.credential.KeyService;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Personal data at rest: which fields of which (connection, stream) are personal, and how their
 * values are sealed in a stored payload. Immutable, thread-safe.
 *
 * <p>A declared field's value (any JSON: a string, a number, a whole object) is replaced in the
 * stored payload by the text {@code pd1:<base64>}: its JSON text sealed with AES-256-GCM under the
 * personal-data keyring's active key (a fresh nonce per value, the key id inside), bound to the
 * context {@code personal:<connection>/<stream>/<external id>/<path>}, so a sealed value moved to
 * another record or field fails to open. Paths go through arrays: {@code emails.value} seals the
 * {@code value} of every element, each with its index in the context.
 *
 * <p>Keyed hashes (HMAC-SHA256 under keys {@linkplain KeyService#derivedKey derived} from the
 * keyring) stand in for plain values where equality is needed: the record's content hash (over
 * the plain canonical payload, so an unchanged record is still skipped) and the subject hashes of
 * {@link PersonalField.Classification#IDENTIFIER IDENTIFIER} values that erasure looks up.
 */
public final class PersonalData {

  /** The prefix of a sealed value in a stored payload. */
  public static final String SEALED_PREFIX = "pd1:";

  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = Json.canonical();

  private final KeyService keys;
  private final Map<String, Map<String, List<PersonalField>>> fields;
  private final Map<String, SecretKey> derived = new ConcurrentHashMap<>();
  // Mac.getInstance costs a provider lookup; one initialised Mac per thread and derived key instead.
  private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(java.util.HashMap::new);

  /**
   * @param keys the personal-data keyring (its own, not the token keyring)
   * @param fields declared personal fields by connection id, then stream name
   */
  public PersonalData(KeyService keys, Map<String, Map<String, List<PersonalField>>> fields) {
    this.keys = Objects.requireNonNull(keys, "keys");
    Map<String, Map<String, List<PersonalField>>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(fields, "fields").forEach((c, streams) -> {
      Map<String, List<PersonalField>> s = new LinkedHashMap<>();
      streams.forEach((name, list) -> {
        if (!list.isEmpty()) {
          s.put(name, List.copyOf(list));
        }
      });
      copy.put(c, Map.copyOf(s));
    });
    this.fields = Map.copyOf(copy);
  }

  /**
   * The declared fields merged with a host's overrides: an override of a declared path changes its
   * classification, any other path is added. A host cannot un-declare a connector's field.
   */
  public static List<PersonalField> merge(List<PersonalField> declared, List<PersonalField> overrides) {
    Map<String, PersonalField> byPath = new LinkedHashMap<>();
    for (PersonalField f : declared) {
      byPath.put(f.path(), f);
    }
    for (PersonalField f : overrides) {
      byPath.put(f.path(), f);
    }
    return List.copyOf(byPath.values());
  }

  /** The keyring. */
  public KeyService keys() {
    return keys;
  }

  /** The connections with personal fields declared, and their streams. */
  public Map<String, Map<String, List<PersonalField>>> declarations() {
    return fields;
  }

  /** The personal fields of a stream of a connection; empty if none. */
  public List<PersonalField> fields(String connectionId, String stream) {
    Map<String, List<PersonalField>> s = fields.get(connectionId);
    return s == null ? List.of() : s.getOrDefault(stream, List.of());
  }

  /**
   * Seals the declared fields of {@code payload} in place.
   *
   * @return the subject hashes (under the active key) of its IDENTIFIER values
   */
  public Set<String> seal(String connectionId, String stream, String externalId, JsonNode payload,
      List<PersonalField> declared) {
    Set<String> subjects = new LinkedHashSet<>();
    String prefix = "personal:" + connectionId + "/" + stream + "/" + externalId + "/";
    for (PersonalField f : declared) {
      String[] steps = f.path().split("\\.");
      visit(payload, steps, 0, new StringBuilder(), (parent, key, index, value, path) -> {
        if (value == null || value.isNull() || value.isMissingNode() || isSealed(value)) {
          return;
        }
        if (f.classification() == PersonalField.Classification.IDENTIFIER && value.isValueNode()) {
          subjects.add(subjectHash(keys.activeKeyId(), value.asText()));
        }
        byte[] sealed = keys.encrypt(text(value).getBytes(StandardCharsets.UTF_8), prefix + path);
        replace(parent, key, index, TextNode.valueOf(SEALED_PREFIX + Base64.getEncoder().encodeToString(sealed)));
      });
    }
    return subjects;
  }

  /** Opens every sealed value of a stored payload in place; returns {@code payload}. */
  public JsonNode open(String connectionId, String stream, String externalId, JsonNode payload) {
    walkSealed(payload, new StringBuilder(), "personal:" + connectionId + "/" + stream + "/" + externalId + "/",
        null, null, -1, true);
    return payload;
  }

  /**
   * Re-seals in place, under the active key, every value of a stored payload sealed under another
   * key (same context); returns how many.
   */
  public int reseal(String connectionId, String stream, String externalId, JsonNode payload) {
    int[] count = {0};
    String prefix = "personal:" + connectionId + "/" + stream + "/" + externalId + "/";
    resealWalk(payload, new StringBuilder(), prefix, null, null, -1, count);
    return count[0];
  }

  private void resealWalk(JsonNode node, StringBuilder path, String prefix, JsonNode parent, String key, int index,
      int[] count) {
    if (node.isTextual()) {
      if (isSealed(node)) {
        byte[] sealed = Base64.getDecoder().decode(node.textValue().substring(SEALED_PREFIX.length()));
        if (!KeyService.keyIdOf(sealed).equals(keys.activeKeyId())) {
          byte[] plain = keys.decrypt(sealed, prefix + path);
          byte[] again = keys.encrypt(plain, prefix + path);
          java.util.Arrays.fill(plain, (byte) 0);
          replace(parent, key, index, TextNode.valueOf(SEALED_PREFIX + Base64.getEncoder().encodeToString(again)));
          count[0]++;
        }
      }
      return;
    }
    int mark = path.length();
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        path.append(path.isEmpty() ? "" : ".").append(name);
        resealWalk(object.get(name), path, prefix, object, name, -1, count);
        path.setLength(mark);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        path.append('[').append(i).append(']');
        resealWalk(array.get(i), path, prefix, array, null, i, count);
        path.setLength(mark);
      }
    }
  }

  /** True if a stored payload holds a value sealed under a key other than the active one. */
  public boolean sealedUnderOldKey(JsonNode payload) {
    return walkSealed(payload, new StringBuilder(), null, null, null, -1, false);
  }

  /** Whether a stored payload text holds any sealed value (a cheap pre-check before parsing). */
  public static boolean mayHoldSealed(String payloadJson) {
    return payloadJson.contains("\"" + SEALED_PREFIX);
  }

  /** The keyed content hash of a plain canonical payload: 64 hex characters. */
  public String contentHash(String plainJson, boolean deleted) {
    Mac mac = mac(keys.activeKeyId(), "content-hash");
    mac.update(plainJson.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) (deleted ? 1 : 0));
    return HEX.formatHex(mac.doFinal());
  }

  /**
   * The keyed hash of a subject (an email or other identifier) under key {@code keyId}. Emails are
   * compared without case; other identifiers exactly. Surrounding blanks never count.
   */
  public String subjectHash(String keyId, String subject) {
    String s = subject.strip();
    if (s.indexOf('@') > 0) {
      s = s.toLowerCase(Locale.ROOT);
    }
    Mac mac = mac(keyId, "subject-hash");
    return HEX.formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** The subject's hash under every key of the keyring, by key id: stored hashes may predate a rotation. */
  public Map<String, String> subjectHashes(String subject) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : keys.keyIds()) {
      out.put(id, subjectHash(id, subject));
    }
    return out;
  }

  /** The subject hashes (active key) of the IDENTIFIER values of a plain payload. */
  public Set<String> subjects(JsonNode plainPayload, List<PersonalField> declared) {
    Set<String> subjects = new LinkedHashSet<>();
    for (PersonalField f : declared) {
      if (f.classification() != PersonalField.Classification.IDENTIFIER) {
        continue;
      }
      visit(plainPayload, f.path().split("\\."), 0, new StringBuilder(), (parent, key, index, value, path) -> {
        if (value != null && value.isValueNode() && !value.isNull()) {
          subjects.add(subjectHash(keys.activeKeyId(), value.asText()));
        }
      });
    }
    return subjects;
  }

  private static boolean isSealed(JsonNode v) {
    return v.isTextual() && v.textValue().startsWith(SEALED_PREFIX);
  }

  private static String text(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** This thread's Mac under the key derived from {@code keyId} for {@code purpose}, reset. */
  private Mac mac(String keyId, String purpose) {
    String slot = purpose + "/" + keyId;
    return macs.get().computeIfAbsent(slot, s -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(derived.computeIfAbsent(slot, x -> keys.derivedKey(keyId, purpose)));
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
      }
    });
  }

  private interface Visitor {
    void at(JsonNode parent, String key, int index, JsonNode value, String path);
  }

  /** Visits the values at a dotted path, mapping over arrays on the way (index in the path). */
  private static void visit(JsonNode node, String[] steps, int step, StringBuilder path, Visitor v) {
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        int mark = path.length();
        path.append('[').append(i).append(']');
        JsonNode element = array.get(i);
        if (step == steps.length) {
          v.at(array, null, i, element, path.toString());
        } else {
          visit(element, steps, step, path, v);
        }
        path.setLength(mark);
      }
      return;
    }
    if (!(node instanceof ObjectNode object) || step == steps.length) {
      return;
    }
    JsonNode child = object.get(steps[step]);
    if (child == null) {
      return;
    }
    int mark = path.length();
    path.append(path.isEmpty() ? "" : ".").append(steps[step]);
    if (step + 1 == steps.length) {
      if (child.isArray()) {
        visit(child, steps, step + 1, path, v);
      } else {
        v.at(object, steps[step], -1, child, path.toString());
      }
    } else {
      visit(child, steps, step + 1, path, v);
    }
    path.setLength(mark);
  }

  /**
   * Walks every text value; with {@code open}, replaces sealed ones by their plain value; without,
   * returns true at the first value sealed under a key other than the active one.
   */
  private boolean walkSealed(JsonNode node, StringBuilder path, String contextPrefix, JsonNode parent, String key,
      int index, boolean open) {
    if (node.isTextual()) {
      if (!isSealed(node)) {
        return false;
      }
      byte[] sealed = Base64.getDecoder().decode(node.textValue().substring(SEALED_PREFIX.length()));
      if (!open) {
        return !KeyService.keyIdOf(sealed).equals(keys.activeKeyId());
      }
      String plain = keys.decryptString(sealed, contextPrefix + path);
      try {
        replace(parent, key, index, JSON.readTree(plain));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a sealed value at '" + path + "' is not JSON", e);
      }
      return false;
    }
    int mark = path.length();
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String name : names) {
        path.append(path.isEmpty() ? "" : ".").append(name);
        boolean hit = walkSealed(object.get(name), path, contextPrefix, object, name, -1, open);
        path.setLength(mark);
        if (hit) {
          return true;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        path.append('[').append(i).append(']');
        boolean hit = walkSealed(array.get(i), path, contextPrefix, array, null, i, open);
        path.setLength(mark);
        if (hit) {
          return true;
        }
      }
    }
    return false;
  }

  private static void replace(JsonNode parent, String key, int index, JsonNode value) {
    if (parent instanceof ObjectNode o) {
      o.set(key, value);
    } else if (parent instanceof ArrayNode a) {
      a.set(index, value);
    } else {
      throw new IllegalArgumentException("a payload's top level cannot be a personal field; declare a field inside it");
    }
  }
}
