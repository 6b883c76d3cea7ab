package dev.tributary.core.privacy;

import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.PersonalField.Classification;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream of HubSpot- and Stripe-shaped people (golden-like): declared personal fields at several
 * depths, one of them a whole object, one inside an array. Served from memory, in pages.
 */
final class PeopleStream implements Stream<Map<String, Object>> {

  static final StreamSpec SPEC = StreamSpec.builder("contacts")
      .requiredFields("id", "updatedAt")
      .expectedFields("properties", "billing_details", "emails", "archived")
      .personal("properties.email", Classification.IDENTIFIER)
      .personal("properties.firstname", Classification.CONTACT)
      .personal("properties.phone", Classification.CONTACT)
      .personal("billing_details.address", Classification.SENSITIVE)
      .personal("emails.value", Classification.IDENTIFIER)
      .build();

  /** Every declared path, for the leak check. */
  static final List<String> DECLARED = List.of("properties.email", "properties.firstname", "properties.phone",
      "billing_details.address", "emails.value");

  final List<Map<String, Object>> items;
  final int pageSize;
  Mapper<Map<String, Object>> mapper = item -> MappedRecord.of((String) item.get("id"),
      Instant.parse((String) item.get("updatedAt")), item);

  PeopleStream(List<Map<String, Object>> items, int pageSize) {
    this.items = items;
    this.pageSize = pageSize;
  }

  static Map<String, Object> person(int i, String email) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", "c" + (1000 + i));
    p.put("updatedAt", "2026-03-0" + (1 + i % 9) + "T10:00:00Z");
    p.put("archived", false);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("email", email);
    props.put("firstname", "Firstname" + i + "x");
    props.put("phone", "+44 20 7946 " + (1000 + i));
    props.put("lifecyclestage", "lead");
    p.put("properties", props);
    p.put("billing_details", Map.of("address", Map.of("line1", i + " Acacia Avenue", "city", "Townsville" + i,
        "postal_code", "TV" + i + " 9ZZ"), "name_on_card", "kept-in-clear"));
    p.put("emails", List.of(Map.of("value", "alt" + i + "@second.example", "primary", false)));
    return p;
  }

  static List<Map<String, Object>> people(int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(person(i, "person" + i + "@example.com"));
    }
    return out;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<Map<String, Object>> mapper() {
    return mapper;
  }

  @Override
  public Page<Map<String, Object>> read(StreamContext context, Cursor cursor) {
    int from = cursor.value().isEmpty() ? 0 : Integer.parseInt(cursor.value());
    int to = Math.min(items.size(), from + pageSize);
    List<Map<String, Object>> page = items.subList(from, to);
    return to >= items.size() ? Page.last(page) : Page.of(page, Cursor.of(Integer.toString(to)));
  }
}
