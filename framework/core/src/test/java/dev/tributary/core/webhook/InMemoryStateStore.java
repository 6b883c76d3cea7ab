package dev.tributary.core.webhook;

import dev.tributary.api.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A StateStore with TTL on a given clock, for unit tests and the benchmark. */
final class InMemoryStateStore implements StateStore {

  private record Entry(byte[] value, Instant expiresAt) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  final AtomicBoolean down = new AtomicBoolean();

  InMemoryStateStore(Clock clock) {
    this.clock = clock;
  }

  int size() {
    return entries.size();
  }

  @Override
  public Optional<byte[]> get(String key) {
    check();
    Entry e = entries.get(key);
    return e == null || !live(e) ? Optional.empty() : Optional.of(e.value().clone());
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    check();
    entries.put(key, new Entry(value.clone(), clock.instant().plus(ttl)));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
    check();
    Entry fresh = new Entry(value.clone(), clock.instant().plus(ttl));
    boolean[] stored = {false};
    entries.compute(key, (k, old) -> {
      if (old != null && live(old)) {
        return old;
      }
      stored[0] = true;
      return fresh;
    });
    return stored[0];
  }

  @Override
  public void delete(String key) {
    check();
    entries.remove(key);
  }

  private boolean live(Entry e) {
    return clock.instant().isBefore(e.expiresAt());
  }

  private void check() {
    if (down.get()) {
      throw new IllegalStateException("state store is down (test)");
    }
  }
}
