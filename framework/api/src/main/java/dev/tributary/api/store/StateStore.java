package dev.tributary.api.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Small, short-lived state with a time to live: cached tokens, seen webhook delivery ids, locks.
 * Expired entries are invisible at once and purged later. Shared by every process on the same
 * database. Thread-safe.
 *
 * @since 1.0
 */
public interface StateStore {

  /** The live value under {@code key}. */
  Optional<byte[]> get(String key);

  /** Stores {@code value} under {@code key} for {@code ttl}, replacing any value. */
  void put(String key, byte[] value, Duration ttl);

  /**
   * Stores {@code value} only if no live value exists: the basis of replay protection and locks.
   *
   * @return true if this call stored it
   */
  boolean putIfAbsent(String key, byte[] value, Duration ttl);

  /** Removes {@code key}. */
  void delete(String key);
}
