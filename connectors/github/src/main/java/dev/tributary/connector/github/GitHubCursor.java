package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;

/**
 * What a GitHub stream keeps between pages and runs, stored as a small JSON object in the
 * {@link Cursor}.
 *
 * @param since the high-water mark: items updated before it were synced by an earlier run
 *     ({@code updated_at}, ISO-8601 in whole seconds as GitHub writes it); null before the first run
 * @param next the {@code Link: rel="next"} target of the page just read, as path and query
 *     relative to the API root; null at the start of a run
 * @param top the newest {@code updated_at} this run has seen so far; becomes {@code since} when the
 *     run ends
 * @param etag the {@code ETag} of the first page of the listing. At rest (no {@code next}) it is
 *     sent as {@code If-None-Match}, so an unchanged listing costs one {@code 304}, which GitHub does
 *     not count against the rate limit; mid-run it is carried to the end of the run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record GitHubCursor(
    @JsonProperty("since") String since,
    @JsonProperty("next") String next,
    @JsonProperty("top") String top,
    @JsonProperty("etag") String etag) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final GitHubCursor START = new GitHubCursor(null, null, null, null);

  static GitHubCursor of(Cursor cursor) {
    if (cursor.isStart()) {
      return START;
    }
    try {
      return JSON.readValue(cursor.value(), GitHubCursor.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cursor is not a GitHub stream cursor (expected a JSON object with since,"
          + " next, top or etag); reset the stream's cursor to start over");
    }
  }

  Cursor toCursor() {
    try {
      return Cursor.of(JSON.writeValueAsString(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the cursor", e);
    }
  }

  /** True while a run is paging (the next page is known). */
  boolean midRun() {
    return next != null;
  }

  GitHubCursor withNext(String nextLink, String newTop, String firstEtag) {
    return new GitHubCursor(since, nextLink, newTop, firstEtag);
  }

  /** Newer of two GitHub timestamps (same format, so they compare as text); nulls lose. */
  static String newer(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }
}
