package dev.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.stream.PersonalField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A field-level difference between expected and actual records, for failure messages a person can
 * read: {@code record cus_123: payload.email: expected <personal> but was <personal>; missing
 * record cus_456; unexpected record cus_789}. Values of declared personal fields are never printed;
 * other values are shortened. Immutable.
 *
 * @param lines one finding per line, in expected-record order, then unexpected records
 */
public record RecordDiff(List<String> lines) {

  /** The most findings a message lists; the rest are counted. */
  public static final int MAX_LINES = 40;
  private static final int MAX_VALUE = 60;
  static final String PERSONAL = "<personal>";

  public RecordDiff {
    lines = List.copyOf(lines);
  }

  /**
   * Compares records by external id.
   *
   * @param personal the stream's personal fields (paths into the payload), whose values stay hidden
   */
  public static RecordDiff of(List<GoldenRecord> expected, List<GoldenRecord> actual, List<PersonalField> personal) {
    Set<String> personalPaths = personal.stream().map(PersonalField::path).collect(Collectors.toSet());
    Map<String, GoldenRecord> byId = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (GoldenRecord r : actual) {
      if (byId.put(r.externalId(), r) != null) {
        lines.add("record " + r.externalId() + " appears more than once in the record table");
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (GoldenRecord e : expected) {
      if (!seen.add(e.externalId())) {
        lines.add("record " + e.externalId() + " appears more than once in expected-records.json");
        continue;
      }
      GoldenRecord a = byId.get(e.externalId());
      if (a == null) {
        lines.add("missing record " + e.externalId());
        continue;
      }
      String prefix = "record " + e.externalId() + ": ";
      if (!e.updatedAt().equals(a.updatedAt())) {
        lines.add(prefix + "updatedAt: expected " + e.updatedAt() + " but was " + a.updatedAt());
      }
      if (e.deleted() != a.deleted()) {
        lines.add(prefix + "deleted: expected " + e.deleted() + " but was " + a.deleted());
      }
      compare("payload", "", e.payload(), a.payload(), personalPaths, prefix, lines);
    }
    for (GoldenRecord a : actual) {
      if (!seen.contains(a.externalId())) {
        lines.add("unexpected record " + a.externalId());
      }
    }
    return new RecordDiff(lines);
  }

  /** True when the records are the same. */
  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** The findings joined with {@code "; "} and line breaks, at most {@link #MAX_LINES}. */
  public String describe() {
    List<String> shown = lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
    String text = String.join(";\n  ", shown);
    return lines.size() > MAX_LINES ? text + ";\n  ... and " + (lines.size() - MAX_LINES) + " more differences" : text;
  }

  private static void compare(String path, String fieldPath, JsonNode expected, JsonNode actual, Set<String> personal,
      String prefix, List<String> out) {
    if (expected.equals(actual)) {
      return;
    }
    boolean hidden = isPersonal(fieldPath, personal);
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String p = path + "." + name;
        String f = fieldPath.isEmpty() ? name : fieldPath + "." + name;
        JsonNode e = expected.get(name);
        JsonNode a = actual.get(name);
        if (e == null) {
          out.add(prefix + p + ": unexpected field, was " + show(a, isPersonal(f, personal)));
        } else if (a == null) {
          out.add(prefix + p + ": missing field, expected " + show(e, isPersonal(f, personal)));
        } else {
          compare(p, f, e, a, personal, prefix, out);
        }
      }
      return;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        out.add(prefix + path + ": expected " + expected.size() + " elements but was " + actual.size());
      }
      int n = Math.min(expected.size(), actual.size());
      for (int i = 0; i < n; i++) {
        compare(path + "[" + i + "]", fieldPath, expected.get(i), actual.get(i), personal, prefix, out);
      }
      return;
    }
    out.add(prefix + path + ": expected " + show(expected, hidden) + " but was " + show(actual, hidden));
  }

  /** A path is personal when it is a declared personal field or lies below one. */
  private static boolean isPersonal(String fieldPath, Set<String> personal) {
    for (String p : personal) {
      if (fieldPath.equals(p) || fieldPath.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  private static String show(JsonNode value, boolean personal) {
    if (personal) {
      return PERSONAL;
    }
    if (value.isContainerNode()) {
      int size = value.size();
      String kind = value.isObject() ? "an object with " + size + " field" : "an array of " + size + " element";
      return kind + (size == 1 ? "" : "s");
    }
    String text = value.toString();
    return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "...\"" : text;
  }
}
