package dev.tributary.api.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * A vendor item mapped for storage: its external id, its vendor version, and its payload.
 *
 * <p>The framework upserts by (connection, stream, {@code externalId}); a record whose
 * {@code updatedAt} is older than the stored one is counted as stale and never overwrites it, and
 * a record whose payload is unchanged is not rewritten. Immutable when its payload is.
 *
 * @param externalId the vendor's stable id for the item
 * @param updatedAt the vendor's last-modified time, used to decide conflicts
 * @param payload the mapped value, serialized as JSON by the framework
 * @param deleted true when the vendor reports the item deleted: it becomes a tombstone
 * @since 1.0
 */
public record MappedRecord(String externalId, Instant updatedAt, Object payload, boolean deleted) {

  public MappedRecord {
    Objects.requireNonNull(externalId, "externalId");
    if (externalId.isEmpty() || externalId.length() > 255) {
      throw new IllegalArgumentException("externalId must be 1-255 characters, was " + externalId.length());
    }
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(payload, "payload");
  }

  /** A live record. */
  public static MappedRecord of(String externalId, Instant updatedAt, Object payload) {
    return new MappedRecord(externalId, updatedAt, payload, false);
  }

  /** A vendor-side deletion. */
  public static MappedRecord deletion(String externalId, Instant deletedAt, Object payload) {
    return new MappedRecord(externalId, deletedAt, payload, true);
  }

  /** Text for logs and errors: names the id, never the payload (it may hold personal data). */
  @Override
  public String toString() {
    return "MappedRecord[externalId=" + externalId + ", updatedAt=" + updatedAt + ", deleted=" + deleted + "]";
  }
}
