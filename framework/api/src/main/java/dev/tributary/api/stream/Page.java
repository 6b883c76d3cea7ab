package dev.tributary.api.stream;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of vendor items and the cursor that reads the page after it.
 *
 * <p>The framework writes a page's records and moves the stream's cursor to {@link #next()} in one
 * transaction, so a page is the unit of progress: keep pages to what the vendor returns per call.
 * An empty {@code next} ends the run; the stream's last cursor is kept for the next incremental
 * run (see {@link #done(List, Cursor)}). Immutable when its items are.
 *
 * @param items the vendor items, in the vendor's order
 * @param next the cursor of the following page, empty when this is the last page
 * @param resumeFrom where the next run starts after this last page, or empty to keep the cursor
 *     that read this page
 * @param <T> the vendor item type
 * @since 1.0
 */
public record Page<T>(List<T> items, Optional<Cursor> next, Optional<Cursor> resumeFrom) {

  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(resumeFrom, "resumeFrom");
  }

  /** A page followed by the page at {@code next}. */
  public static <T> Page<T> of(List<T> items, Cursor next) {
    return new Page<>(items, Optional.of(Objects.requireNonNull(next, "next")), Optional.empty());
  }

  /** The last page for now; the next run starts where this one did. */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty(), Optional.empty());
  }

  /** The last page for now; the next (incremental) run starts at {@code resumeFrom}. */
  public static <T> Page<T> done(List<T> items, Cursor resumeFrom) {
    return new Page<>(items, Optional.empty(), Optional.of(Objects.requireNonNull(resumeFrom, "resumeFrom")));
  }

  /** True when no page follows in this run. */
  public boolean isLast() {
    return next.isEmpty();
  }
}
