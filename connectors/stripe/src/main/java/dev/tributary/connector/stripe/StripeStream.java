package dev.tributary.connector.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Stripe object type as a stream. A full sync lists every object, newest first, by
 * {@code starting_after}. An incremental run lists the objects created since the last run
 * ({@code created[gte]}), then replays the events of the type since the last run
 * ({@code GET /v1/events?type=customer.*}): updates become newer versions and {@code *.deleted}
 * events tombstones. Stripe keeps events for 30 days, so a connection idle for longer needs a
 * full sync to catch up on updates.
 */
abstract class StripeStream<T extends StripeObject<T>> implements Stream<T> {

  static final int PAGE_SIZE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  final StripeApi api;
  private final String objectType;
  private final Class<T> type;

  StripeStream(StripeApi api, String objectType, Class<T> type) {
    this.api = api;
    this.objectType = objectType;
    this.type = type;
  }

  /** One page of the object listing. */
  abstract StripeList<T> list(String account, Map<String, Object> query);

  @Override
  public Mapper<T> mapper() {
    return item -> {
      if (item.id() == null) {
        throw new IllegalArgumentException(objectType + " has no 'id'");
      }
      Long version = item.eventCreated() != null ? item.eventCreated() : item.created();
      if (version == null) {
        throw new IllegalArgumentException(objectType + " has no 'created'");
      }
      Instant at = Instant.ofEpochSecond(version);
      return item.eventDeleted() ? MappedRecord.deletion(item.id(), at, item) : MappedRecord.of(item.id(), at, item);
    };
  }

  @Override
  public Page<T> read(StreamContext context, Cursor cursor) {
    StripeCursor c = StripeCursor.of(cursor);
    String account = context.option("account").orElse(null);
    return StripeCursor.EVENTS.equals(c.phase()) ? readEvents(account, c) : readObjects(account, c);
  }

  private Page<T> readObjects(String account, StripeCursor c) {
    if (c.phase() == null) { // at rest: an incremental run starts with the objects created since
      c = new StripeCursor(StripeCursor.LIST, null, c.created(), c.events(), null);
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("limit", PAGE_SIZE);
    if (c.created() != null) {
      query.put("created[gte]", c.created());
    }
    if (c.after() != null) {
      query.put("starting_after", c.after());
    }
    StripeList<T> page = list(account, query);
    List<T> items = page.items();
    Long top = c.top();
    for (T item : items) {
      top = StripeCursor.max(top, item.created());
    }
    if (page.hasMore() && !items.isEmpty()) {
      return Page.of(items, new StripeCursor(StripeCursor.LIST, items.get(items.size() - 1).id(), c.created(),
          c.events(), top).toCursor());
    }
    Long created = StripeCursor.max(c.created(), top);
    if (c.created() == null) {
      // After a full listing, events from the newest creation on are replayed next time: every
      // change after that instant is then seen, at worst twice (an unchanged record is not rewritten).
      return Page.done(items, new StripeCursor(null, null, created, StripeCursor.max(c.events(), created), null)
          .toCursor());
    }
    return Page.of(items, new StripeCursor(StripeCursor.EVENTS, null, created, c.events(), null).toCursor());
  }

  private Page<T> readEvents(String account, StripeCursor c) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("limit", PAGE_SIZE);
    query.put("type", objectType + ".*");
    if (c.events() != null) {
      query.put("created[gte]", c.events());
    }
    if (c.after() != null) {
      query.put("starting_after", c.after());
    }
    StripeList<EventDto> page = api.events(account, query);
    List<EventDto> events = page.items();
    Long top = c.top();
    List<T> items = new ArrayList<>(events.size());
    for (EventDto e : events) {
      top = StripeCursor.max(top, e.created());
      T item = fromEvent(e);
      if (item != null) {
        items.add(item);
      }
    }
    // Events list newest first; oldest first lets the newest version of an object win a tie.
    Collections.reverse(items);
    if (page.hasMore() && !events.isEmpty()) {
      return Page.of(items, new StripeCursor(StripeCursor.EVENTS, events.get(events.size() - 1).id(), c.created(),
          c.events(), top).toCursor());
    }
    return Page.done(items, new StripeCursor(null, null, c.created(), StripeCursor.max(c.events(), top), null)
        .toCursor());
  }

  /**
   * The event's object as this stream's type, or null when the event is about another object
   * ({@code customer.*} also matches {@code customer.subscription.updated}, whose object is a
   * subscription).
   */
  private T fromEvent(EventDto e) {
    JsonNode object = e.object();
    if (object == null || !objectType.equals(object.path("object").asText()) || e.created() == null) {
      return null;
    }
    T item;
    try {
      item = JSON.treeToValue(object, type);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("event " + e.id() + " (" + e.type() + ") does not hold a readable "
          + objectType + ": " + ex.getClass().getSimpleName());
    }
    return item.fromEvent(e.created(), e.type() != null && e.type().equals(objectType + ".deleted"));
  }
}
