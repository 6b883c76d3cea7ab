package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;

/**
 * Where a Stripe stream is, stored as a small JSON object in the {@link Cursor}.
 *
 * <p>At rest ({@code phase} null) it holds two high-water marks in Unix seconds: {@code created}
 * (the newest object creation seen) and {@code events} (the newest event seen). An incremental run
 * lists objects {@code created[gte]} the first (phase {@code list}), then the events
 * {@code created[gte]} the second (phase {@code events}), each page by {@code starting_after}.
 *
 * @param phase null at rest, {@code list} or {@code events} mid-run
 * @param after the {@code starting_after} of the next page: the last id of the page just read
 * @param created objects created at or after this were not yet listed; null lists them all (full sync)
 * @param events events created at or after this were not yet applied
 * @param top the newest {@code created} seen in the current phase
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record StripeCursor(
    @JsonProperty("phase") String phase,
    @JsonProperty("after") String after,
    @JsonProperty("created") Long created,
    @JsonProperty("events") Long events,
    @JsonProperty("top") Long top) {

  static final String LIST = "list";
  static final String EVENTS = "events";
  private static final ObjectMapper JSON = new ObjectMapper();

  static StripeCursor of(Cursor cursor) {
    if (cursor.isStart()) {
      return new StripeCursor(LIST, null, null, null, null);
    }
    try {
      return JSON.readValue(cursor.value(), StripeCursor.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cursor is not a Stripe stream cursor (expected a JSON object with phase,"
          + " after, created, events or top); reset the stream's cursor to start over");
    }
  }

  Cursor toCursor() {
    try {
      return Cursor.of(JSON.writeValueAsString(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the cursor", e);
    }
  }

  static Long max(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
