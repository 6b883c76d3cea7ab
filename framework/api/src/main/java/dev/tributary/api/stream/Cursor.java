package dev.tributary.api.stream;

import java.util.Objects;

/**
 * Where a stream's next read starts: an opaque token the stream itself produced (a vendor paging
 * token, an {@code updated_since} timestamp, a URL). The framework stores it and hands it back; it
 * never interprets it. {@link #START} means "from the beginning". Immutable, thread-safe.
 *
 * @since 1.0
 */
public record Cursor(String value) {

  /** The beginning of the stream. */
  public static final Cursor START = new Cursor("");

  public Cursor {
    Objects.requireNonNull(value, "value");
    if (value.length() > 4096) {
      throw new IllegalArgumentException("cursor is " + value.length() + " characters; at most 4096 are stored");
    }
  }

  /** A cursor holding {@code value}; the empty string is {@link #START}. */
  public static Cursor of(String value) {
    return value == null || value.isEmpty() ? START : new Cursor(value);
  }

  /** True for {@link #START}. */
  public boolean isStart() {
    return value.isEmpty();
  }

  /** The value, or {@code fallback} at the start. */
  public String valueOr(String fallback) {
    return isStart() ? fallback : value;
  }
}
