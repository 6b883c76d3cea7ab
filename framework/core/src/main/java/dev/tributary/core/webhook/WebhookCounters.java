package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the intake's outcomes in memory, rejections by connection and reason. Thread-safe.
 *
 * @since 1.0
 */
public final class WebhookCounters implements WebhookListener {

  private record Key(String connectionId, Reason reason) {}

  private final LongAdder accepted = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final Map<Key, LongAdder> rejected = new ConcurrentHashMap<>();

  @Override
  public void onAccepted(String connectionId, String deliveryId) {
    accepted.increment();
  }

  @Override
  public void onRejected(String connectionId, Reason reason) {
    rejected.computeIfAbsent(new Key(connectionId, reason), k -> new LongAdder()).increment();
  }

  @Override
  public void onUnavailable(String connectionId) {
    unavailable.increment();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long unavailable() {
    return unavailable.sum();
  }

  /** Rejections for {@code reason} over all connections. */
  public long rejected(Reason reason) {
    return rejected.entrySet().stream().filter(e -> e.getKey().reason() == reason)
        .mapToLong(e -> e.getValue().sum()).sum();
  }

  /** Rejections of connection {@code connectionId} for {@code reason}. */
  public long rejected(String connectionId, Reason reason) {
    LongAdder n = rejected.get(new Key(connectionId, reason));
    return n == null ? 0 : n.sum();
  }

  /** Rejections by reason over all connections; reasons never seen are absent. */
  public Map<Reason, Long> rejectedByReason() {
    Map<Reason, Long> out = new EnumMap<>(Reason.class);
    rejected.forEach((k, v) -> out.merge(k.reason(), v.sum(), Long::sum));
    return out;
  }
}
