package dev.tributary.core.auth;

import dev.tributary.api.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A StateStore in memory with TTLs on an injectable clock, for unit tests. */
final class InMemoryStateStore implements StateStore {

  private record Entry(byte[] value, Instant expiresAt) {}

  private final Map<String, Entry> map = new ConcurrentHashMap<>();
  private final Clock clock;

  InMemoryStateStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> get(String key) {
    Entry e = map.get(key);
    return e == null || !clock.instant().isBefore(e.expiresAt()) ? Optional.empty() : Optional.of(e.value().clone());
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    map.put(key, new Entry(value.clone(), clock.instant().plus(ttl)));
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] value, Duration ttl) {
    if (get(key).isPresent()) {
      return false;
    }
    put(key, value, ttl);
    return true;
  }

  @Override
  public void delete(String key) {
    map.remove(key);
  }

  /** Raw stored bytes, ignoring TTL (to inspect what is at rest). */
  byte[] raw(String key) {
    Entry e = map.get(key);
    return e == null ? null : e.value();
  }
}
