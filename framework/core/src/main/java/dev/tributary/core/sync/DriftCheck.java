package dev.tributary.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.StreamSpec;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares one page's vendor items with the fields their stream declares. Items are seen as the
 * JSON the vendor's mapper would write; only top-level names count. {@code JsonNode} and
 * {@code Map} items show unknown and missing (absent or null) fields. Typed DTOs are checked by
 * their class's serialized properties (as {@code valueToTree} would see them, without building the
 * tree): missing means null, and unknown fields cannot show, as Jackson dropped them when reading.
 */
record DriftCheck(Set<String> unknown, Set<String> missing) {

  static final DriftCheck NONE = new DriftCheck(Set.of(), Set.of());

  static DriftCheck of(StreamSpec spec, List<?> items, ObjectMapper mapper) {
    Set<String> expected = spec.expectedFields();
    Set<String> required = spec.requiredFields();
    if (expected.isEmpty() && required.isEmpty()) {
      return NONE;
    }
    Set<String> unknown = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (Object item : items) {
      if (item == null) {
        continue;
      }
      if (item instanceof JsonNode || item instanceof Map<?, ?>) {
        JsonNode node = item instanceof JsonNode j ? j : mapper.valueToTree(item);
        if (!node.isObject()) {
          continue;
        }
        if (!expected.isEmpty()) {
          for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!expected.contains(name)) {
              unknown.add(name);
            }
          }
        }
        for (String r : required) {
          JsonNode v = node.get(r);
          if (v == null || v.isNull()) {
            missing.add(r);
          }
        }
      } else {
        // A typed item: its JSON names are fixed by its class, so read only the required values
        // instead of building a tree of every item (which would cost more than storing it).
        Bean bean = BEANS.computeIfAbsent(new BeanKey(mapper, item.getClass()), k -> Bean.of(k.mapper(), k.type()));
        if (bean == null) {
          continue;
        }
        if (!expected.isEmpty()) {
          for (String name : bean.accessors().keySet()) {
            if (!expected.contains(name)) {
              unknown.add(name);
            }
          }
        }
        for (String r : required) {
          AnnotatedMember accessor = bean.accessors().get(r);
          if (accessor == null || accessor.getValue(item) == null) {
            missing.add(r);
          }
        }
      }
    }
    return unknown.isEmpty() && missing.isEmpty() ? NONE : new DriftCheck(unknown, missing);
  }

  private static final Map<BeanKey, Bean> BEANS = new ConcurrentHashMap<>();

  private record BeanKey(ObjectMapper mapper, Class<?> type) {}

  /** The serialized properties of a class, by JSON name, as the mapper writes them. */
  private record Bean(Map<String, AnnotatedMember> accessors) {
    static Bean of(ObjectMapper mapper, Class<?> type) {
      SerializationConfig config = mapper.getSerializationConfig();
      BeanDescription description = config.introspect(mapper.constructType(type));
      Map<String, AnnotatedMember> accessors = new LinkedHashMap<>();
      for (BeanPropertyDefinition p : description.findProperties()) {
        AnnotatedMember accessor = p.getAccessor();
        if (accessor != null && p.couldSerialize()) {
          if (config.canOverrideAccessModifiers()) {
            accessor.fixAccess(true);
          }
          accessors.put(p.getName(), accessor);
        }
      }
      return new Bean(Map.copyOf(accessors));
    }
  }

  boolean isEmpty() {
    return unknown.isEmpty() && missing.isEmpty();
  }

  int findings() {
    return unknown.size() + missing.size();
  }

  /** Names the fields, never their values. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (String u : unknown) {
      sb.append(sb.isEmpty() ? "" : "; ").append("unknown field '").append(u).append('\'');
    }
    for (String m : missing) {
      sb.append(sb.isEmpty() ? "" : "; ").append("missing required field '").append(m).append('\'');
    }
    return sb.toString();
  }
}
