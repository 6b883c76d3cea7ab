package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.CONNECTION_STATUS;

import dev.tributary.core.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether each connection may work, shared by every process on the database: the token manager
 * marks a connection {@link Status#NEEDS_REAUTH}, an operator {@link Status#DISABLED}, and workers
 * and health checks read it. A connection never marked is {@link Status#OK}. Thread-safe.
 */
public final class ConnectionStatusStore {

  /** A connection's state. */
  public enum Status {
    /** Work may run. */
    OK,
    /** Its credentials were refused for good (e.g. {@code invalid_grant}); a person must re-authorise. */
    NEEDS_REAUTH,
    /** Held by an operator or by configuration. */
    DISABLED
  }

  /** The status, why, and since when. The reason is operator text and must hold no secret. */
  public record Entry(String connectionId, Status status, Optional<String> reason, Instant since) {
    public Entry {
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }

  static final int MAX_REASON = 1000;

  private final Database db;
  private final Clock clock;

  public ConnectionStatusStore(Database db) {
    this(db, Clock.systemUTC());
  }

  public ConnectionStatusStore(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The connection's status; {@link Status#OK} since {@link Instant#EPOCH} if never set. */
  public Entry get(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId");
    return db.dsl().selectFrom(CONNECTION_STATUS)
        .where(CONNECTION_STATUS.CONNECTION_ID.eq(connectionId))
        .fetchOptional(r -> new Entry(r.getConnectionId(), Status.valueOf(r.getStatus()),
            Optional.ofNullable(r.getReason()), r.getUpdatedAt().toInstant()))
        .orElse(new Entry(connectionId, Status.OK, Optional.empty(), Instant.EPOCH));
  }

  /**
   * Sets the status. A reason longer than {@value #MAX_REASON} characters is cut.
   *
   * @param reason why, for operators; no secrets
   */
  public void set(String connectionId, Status status, String reason) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(status, "status");
    String r = reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    db.dsl().insertInto(CONNECTION_STATUS)
        .set(CONNECTION_STATUS.CONNECTION_ID, connectionId)
        .set(CONNECTION_STATUS.STATUS, status.name())
        .set(CONNECTION_STATUS.REASON, r)
        .set(CONNECTION_STATUS.UPDATED_AT, now)
        .onConflict(CONNECTION_STATUS.CONNECTION_ID)
        .doUpdate()
        .set(CONNECTION_STATUS.STATUS, status.name())
        .set(CONNECTION_STATUS.REASON, r)
        .set(CONNECTION_STATUS.UPDATED_AT, now)
        .execute();
  }
}
