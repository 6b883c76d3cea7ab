package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;

/**
 * Where a HubSpot stream is, as a small JSON object in the {@link Cursor}.
 *
 * @param since epoch milliseconds: objects modified at or after it are searched for; null while
 *     the first (full) listing runs
 * @param after the next page's {@code after}: the listing's opaque token, or the search offset
 * @param top the newest {@code updatedAt} (epoch ms) seen so far in this run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record HubSpotCursor(
    @JsonProperty("since") Long since,
    @JsonProperty("after") String after,
    @JsonProperty("top") Long top) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static HubSpotCursor of(Cursor cursor) {
    if (cursor.isStart()) {
      return new HubSpotCursor(null, null, null);
    }
    try {
      return JSON.readValue(cursor.value(), HubSpotCursor.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cursor is not a HubSpot stream cursor (expected a JSON object with since,"
          + " after or top); reset the stream's cursor to start over");
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
