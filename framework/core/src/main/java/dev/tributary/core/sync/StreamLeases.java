package dev.tributary.core.sync;

import static dev.tributary.core.db.generated.Tables.STREAM_LEASE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * The {@code stream_lease} table: one live holder per (connection, stream) across every process on
 * the database. A lease past its expiry may be taken over; the holder renews it with each page.
 */
final class StreamLeases {

  private StreamLeases() {}

  /** Takes the lease if free or expired; returns false if another holder's lease is live. */
  static boolean acquire(DSLContext dsl, String connectionId, String stream, String holder, Instant now, Instant until) {
    OffsetDateTime expires = utc(until);
    try {
      // One atomic statement: insert, or take over a row whose lease has expired.
      return dsl.insertInto(STREAM_LEASE)
          .set(STREAM_LEASE.CONNECTION_ID, connectionId)
          .set(STREAM_LEASE.STREAM, stream)
          .set(STREAM_LEASE.HOLDER, holder)
          .set(STREAM_LEASE.EXPIRES_AT, expires)
          .onConflict(STREAM_LEASE.CONNECTION_ID, STREAM_LEASE.STREAM)
          .doUpdate()
          .set(STREAM_LEASE.HOLDER, holder)
          .set(STREAM_LEASE.EXPIRES_AT, expires)
          .where(STREAM_LEASE.EXPIRES_AT.le(utc(now)))
          .execute() == 1;
    } catch (IntegrityConstraintViolationException raced) {
      // H2's MERGE can lose an insert race with a duplicate key instead of matching the row.
      return false;
    }
  }

  /** Extends the lease if {@code holder} still holds it; false means it was lost. */
  static boolean renew(DSLContext tx, String connectionId, String stream, String holder, Instant until) {
    return tx.update(STREAM_LEASE)
        .set(STREAM_LEASE.EXPIRES_AT, utc(until))
        .where(STREAM_LEASE.CONNECTION_ID.eq(connectionId), STREAM_LEASE.STREAM.eq(stream),
            STREAM_LEASE.HOLDER.eq(holder))
        .execute() == 1;
  }

  static void release(DSLContext dsl, String connectionId, String stream, String holder) {
    dsl.deleteFrom(STREAM_LEASE)
        .where(STREAM_LEASE.CONNECTION_ID.eq(connectionId), STREAM_LEASE.STREAM.eq(stream),
            STREAM_LEASE.HOLDER.eq(holder))
        .execute();
  }

  /** The current holder and expiry, for the refusal message. */
  static Optional<Record2<String, OffsetDateTime>> holder(DSLContext dsl, String connectionId, String stream) {
    return dsl.select(STREAM_LEASE.HOLDER, STREAM_LEASE.EXPIRES_AT)
        .from(STREAM_LEASE)
        .where(STREAM_LEASE.CONNECTION_ID.eq(connectionId), STREAM_LEASE.STREAM.eq(stream))
        .fetchOptional();
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
