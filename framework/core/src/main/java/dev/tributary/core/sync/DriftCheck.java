package dev.tributary.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.StreamSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares one page's vendor items with the fields their stream declares. Items are seen as the
 * JSON tree the vendor's mapper would write ({@code valueToTree}); only top-level names count.
 * Typed DTOs show missing fields (absent or null) but not unknown ones, which Jackson dropped when
 * reading; {@code JsonNode} and {@code Map} items show both.
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
      JsonNode node = item instanceof JsonNode j ? j : mapper.valueToTree(item);
      if (node == null || !node.isObject()) {
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
    }
    return unknown.isEmpty() && missing.isEmpty() ? NONE : new DriftCheck(unknown, missing);
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
