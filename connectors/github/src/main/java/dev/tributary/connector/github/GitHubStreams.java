package dev.tributary.connector.github;

import dev.tributary.api.stream.StreamContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What the GitHub streams share: option parsing and field checks for the mappers. */
final class GitHubStreams {

  /** GitHub's maximum page size. */
  static final int MAX_PER_PAGE = 100;

  private GitHubStreams() {}

  /** Option {@code perPage}, 1 to 100, default 100. */
  static int perPage(StreamContext context) {
    String value = context.option("perPage").orElse(Integer.toString(MAX_PER_PAGE));
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_PER_PAGE) {
      throw new IllegalArgumentException("connection '" + context.connectionId() + "': option perPage must be 1-"
          + MAX_PER_PAGE + ", was '" + value + "'");
    }
    return n;
  }

  static String id(Long id) {
    if (id == null) {
      throw new IllegalArgumentException("item has no 'id'");
    }
    return Long.toString(id);
  }

  static Instant instant(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("item has no '" + field + "'");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("item's '" + field + "' is not an ISO-8601 instant");
    }
  }
}
