package dev.tributary.core.sync;

import java.util.Objects;

/**
 * A sync run stopped at a page. Nothing of that page was written and the cursor still points at
 * it. The message names the connection, the stream, the page's cursor and, for drift, the field;
 * never field values.
 */
public class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The stream's read (the vendor call or its parsing) threw. */
    READ_FAILED,
    /** The mapper rejected an item. */
    MAPPING_FAILED,
    /** Items did not match the stream's declared fields under {@code DriftPolicy.FAIL}. */
    SCHEMA_DRIFT,
    /** The vendor handed back a cursor this run already read. */
    CURSOR_CYCLE,
    /** Another writer moved the stored cursor during the run. */
    CURSOR_CONFLICT,
    /** This worker's lease expired and was taken by another one. */
    LEASE_LOST,
    /** The sink or the database failed writing the page. */
    WRITE_FAILED
  }

  private final Kind kind;

  public SyncException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
