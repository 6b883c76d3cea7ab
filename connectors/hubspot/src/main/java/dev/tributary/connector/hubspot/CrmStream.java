package dev.tributary.connector.hubspot;

import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CRM object type as a stream. The first run lists every object ({@code GET
 * /crm/v3/objects/{type}}, 100 a page, by {@code paging.next.after}). Later runs search for the
 * objects modified since the newest modification already seen ({@code POST .../search},
 * last-modified {@code GTE}, oldest first, 200 a page).
 *
 * <p>HubSpot answers at most {@value #MAX_SEARCH_RESULTS} results per search query and refuses to
 * page past them. When the next offset would cross that cap the stream starts a new query from the
 * last modification it saw, instead of losing what lies beyond; objects modified in that very
 * millisecond are read twice, and the second copy is not rewritten.
 *
 * <p>The properties fetched are the connection option {@code properties.<stream>}
 * (comma-separated), else the stream's defaults.
 */
abstract class CrmStream implements Stream<CrmObjectDto> {

  static final int LIST_LIMIT = 100;
  static final int SEARCH_LIMIT = 200;
  static final int MAX_SEARCH_RESULTS = 10_000;

  private final HubSpotApi api;
  private final String type;
  private final String lastModifiedProperty;
  private final List<String> defaultProperties;

  CrmStream(HubSpotApi api, String type, String lastModifiedProperty, String... defaultProperties) {
    this.api = api;
    this.type = type;
    this.lastModifiedProperty = lastModifiedProperty;
    this.defaultProperties = List.of(defaultProperties);
  }

  @Override
  public Mapper<CrmObjectDto> mapper() {
    return o -> {
      if (o.id() == null) {
        throw new IllegalArgumentException(type + " object has no 'id'");
      }
      return MappedRecord.of(o.id(), updatedAt(o), o);
    };
  }

  @Override
  public Page<CrmObjectDto> read(StreamContext context, Cursor cursor) {
    HubSpotCursor c = HubSpotCursor.of(cursor);
    List<String> properties = properties(context);
    return c.since() == null ? list(c, properties) : search(c, properties);
  }

  private Page<CrmObjectDto> list(HubSpotCursor c, List<String> properties) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("limit", LIST_LIMIT);
    if (c.after() != null) {
      query.put("after", c.after());
    }
    query.put("properties", String.join(",", properties));
    query.put("archived", false);
    CrmPage page = api.list(type, query);
    Long top = newest(c.top(), page.items());
    String next = page.nextAfter();
    if (next != null) {
      return Page.of(page.items(), new HubSpotCursor(null, next, top).toCursor());
    }
    // From here on, search for what changed since the newest modification listed. An empty
    // portal has nothing to search from yet: it is listed again next time.
    return top == null ? Page.last(page.items()) : Page.done(page.items(), new HubSpotCursor(top, null, null).toCursor());
  }

  private Page<CrmObjectDto> search(HubSpotCursor c, List<String> properties) {
    CrmPage page = api.search(type, SearchRequest.modifiedSince(lastModifiedProperty, c.since(), properties,
        SEARCH_LIMIT, c.after()));
    Long top = newest(c.top(), page.items());
    String next = page.nextAfter();
    if (next == null) {
      return Page.done(page.items(), new HubSpotCursor(HubSpotCursor.max(c.since(), top), null, null).toCursor());
    }
    if (offset(next) >= MAX_SEARCH_RESULTS) {
      if (top == null || top <= c.since()) {
        throw new IllegalStateException(type + ": more than " + MAX_SEARCH_RESULTS + " objects were modified in the"
            + " same millisecond (" + Instant.ofEpochMilli(c.since()) + "), past what one HubSpot search can return;"
            + " run a full sync of the stream instead");
      }
      return Page.of(page.items(), new HubSpotCursor(top, null, null).toCursor());
    }
    return Page.of(page.items(), new HubSpotCursor(c.since(), next, top).toCursor());
  }

  /** The search offset in {@code after}; a token that is not a number is never near the cap. */
  private static long offset(String after) {
    try {
      return Long.parseLong(after.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Long newest(Long top, List<CrmObjectDto> items) {
    for (CrmObjectDto o : items) {
      if (o.updatedAt() != null) {
        top = HubSpotCursor.max(top, updatedAt(o).toEpochMilli());
      }
    }
    return top;
  }

  private static Instant updatedAt(CrmObjectDto o) {
    if (o.updatedAt() == null) {
      throw new IllegalArgumentException("object has no 'updatedAt'");
    }
    try {
      return Instant.parse(o.updatedAt());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("object's 'updatedAt' is not an ISO-8601 instant");
    }
  }

  private List<String> properties(StreamContext context) {
    String name = "properties." + spec().name();
    return context.option(name).map(v -> {
      List<String> list = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (list.isEmpty()) {
        throw new IllegalArgumentException("connection '" + context.connectionId() + "': option " + name
            + " lists no properties; give a comma-separated list such as 'email,firstname' or remove it");
      }
      for (String p : list) {
        if (!p.matches("[A-Za-z0-9_]+")) {
          throw new IllegalArgumentException("connection '" + context.connectionId() + "': option " + name
              + " has property '" + p + "'; HubSpot property names are letters, digits and underscores");
        }
      }
      return list;
    }).orElse(defaultProperties);
  }
}
