package dev.tributary.host.server;

import dev.tributary.core.health.HealthSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of each connection's sync lag and error rate, sampled once a minute, for the
 * status page's charts. A fixed-size ring per connection: memory stays bounded however long the
 * host runs. Thread-safe.
 */
final class StatusHistory {

  /** One sample: lag of the stalest stream (empty: never synced) and the error rate (empty: no calls). */
  record Sample(Instant at, Optional<Duration> syncLag, Optional<Double> errorRate) {}

  private final int capacity;
  private final Map<String, ArrayDeque<Sample>> rings = new ConcurrentHashMap<>();

  StatusHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
    }
    this.capacity = capacity;
  }

  void sample(HealthSnapshot snapshot, Instant now) {
    for (HealthSnapshot.ConnectionState c : snapshot.connections()) {
      // The stalest stream sets the lag; a stream never synced leaves no point to plot.
      Optional<Duration> lag = c.lastSuccess().values().stream().allMatch(Optional::isPresent)
          ? c.lastSuccess().values().stream().map(t -> Duration.between(t.get(), now)).max(Duration::compareTo)
          : Optional.empty();
      Optional<Double> rate = c.calls() == 0 ? Optional.empty() : Optional.of((double) c.errors() / c.calls());
      ArrayDeque<Sample> ring = rings.computeIfAbsent(c.id(), id -> new ArrayDeque<>(capacity));
      synchronized (ring) {
        if (ring.size() == capacity) {
          ring.removeFirst();
        }
        ring.addLast(new Sample(now, lag, rate));
      }
    }
  }

  List<Sample> samples(String connectionId) {
    ArrayDeque<Sample> ring = rings.get(connectionId);
    if (ring == null) {
      return List.of();
    }
    synchronized (ring) {
      return List.copyOf(ring);
    }
  }
}
