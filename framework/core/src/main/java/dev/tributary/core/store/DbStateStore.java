package dev.tributary.core.store;

import static dev.tributary.core.db.generated.Tables.STATE_ENTRY;

import dev.tributary.api.store.StateStore;
import dev.tributary.core.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * {@link StateStore} over the framework database's {@code state_entry} table. An entry past its
 * expiry is invisible at once (every read filters on it) and deleted by {@link #purgeExpired()},
 * which this store also runs itself after every {@value #PURGE_EVERY} writes. Expiry uses the
 * injected clock, so processes sharing a database should have synchronised clocks. Thread-safe.
 */
public final class DbStateStore implements StateStore {

  static final int PURGE_EVERY = 256;
  static final int MAX_KEY_LENGTH = 512;

  private final Database db;
  private final Clock clock;
  private final AtomicLong writes = new AtomicLong();

  public DbStateStore(Database db) {
    this(db, Clock.systemUTC());
  }

  public DbStateStore(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<byte[]> get(String key) {
    checkKey(key);
    return db.dsl().select(STATE_ENTRY.STATE_VALUE)
        .from(STATE_ENTRY)
        .where(STATE_ENTRY.STATE_KEY.eq(key), STATE_ENTRY.EXPIRES_AT.gt(now()))
        .fetchOptional(STATE_ENTRY.STATE_VALUE);
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    checkKey(key);
    Objects.requireNonNull(value, "value");
    OffsetDateTime expires = expiry(ttl);
    db.dsl().insertInto(STATE_ENTRY)
        .set(STATE_ENTRY.STATE_KEY, key)
        .set(STATE_ENTRY.STATE_VALUE, value)
        .set(STATE_ENTRY.EXPIRES_AT, expires)
        .onConflict(STATE_ENTRY.STATE_KEY)
        .doUpdate()
        .set(STATE_ENTRY.STATE_VALUE, value)
        .set(STATE_ENTRY.EXPIRES_AT, expires)
        .execute();
    afterWrite();
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
    checkKey(key);
    Objects.requireNonNull(value, "value");
    OffsetDateTime now = now();
    OffsetDateTime expires = expiry(ttl);
    int n;
    try {
      // Inserts, or takes over an expired entry; a live entry makes the update's WHERE false.
      n = db.dsl().insertInto(STATE_ENTRY)
          .set(STATE_ENTRY.STATE_KEY, key)
          .set(STATE_ENTRY.STATE_VALUE, value)
          .set(STATE_ENTRY.EXPIRES_AT, expires)
          .onConflict(STATE_ENTRY.STATE_KEY)
          .doUpdate()
          .set(STATE_ENTRY.STATE_VALUE, value)
          .set(STATE_ENTRY.EXPIRES_AT, expires)
          .where(STATE_ENTRY.EXPIRES_AT.le(now))
          .execute();
    } catch (IntegrityConstraintViolationException raced) {
      // H2's MERGE can lose an insert race instead of seeing the other row: the other writer won.
      return false;
    }
    afterWrite();
    return n == 1;
  }

  @Override
  public void delete(String key) {
    checkKey(key);
    db.dsl().deleteFrom(STATE_ENTRY).where(STATE_ENTRY.STATE_KEY.eq(key)).execute();
  }

  /** Deletes every expired entry; returns how many. */
  public int purgeExpired() {
    return db.dsl().deleteFrom(STATE_ENTRY).where(STATE_ENTRY.EXPIRES_AT.le(now())).execute();
  }

  private void afterWrite() {
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private OffsetDateTime expiry(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    return now().plus(ttl);
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("state key must be 1-" + MAX_KEY_LENGTH + " characters, was " + key.length());
    }
  }
}
