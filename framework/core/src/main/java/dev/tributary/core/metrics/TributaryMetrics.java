package dev.tributary.core.metrics;

import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import dev.tributary.core.http.VendorCallListener;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.webhook.WebhookListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Tributary to a Micrometer registry: vendor calls (through {@link #vendorCalls()}, a
 * {@link VendorCallListener} for {@code VendorClientFactory.builder().listener(...)}), webhook
 * outcomes ({@link #webhooks()}), and, once {@link #bindDatabase} is called, queue depth and age
 * and per-stream sync currency and record counts read from the framework database.
 *
 * <p>Meter names (Prometheus form): {@code tributary_vendor_calls_seconds} (histogram, tags
 * connector, connection, status_class, outcome), {@code tributary_vendor_retries_total},
 * {@code tributary_vendor_rate_limited_total}, {@code tributary_vendor_circuit_open} (1 while the
 * last attempt met an open circuit), {@code tributary_webhook_deliveries_total} (result, reason),
 * {@code tributary_queue_jobs} (status), {@code tributary_queue_dead_letters},
 * {@code tributary_queue_oldest_job_age_seconds}, {@code tributary_sync_seconds_since_success},
 * {@code tributary_sync_records_total} (result), {@code tributary_sync_runs_total} (outcome),
 * {@code tributary_token_refreshes_total} (result), {@code tributary_connection_needs_reauth}. Tag values are connection and connector ids
 * from configuration, never request input.
 *
 * <p>Thread-safe.
 */
public final class TributaryMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(TributaryMetrics.class);
  /** Window of the error rate that health rules read. */
  public static final Duration ERROR_WINDOW = Duration.ofMinutes(5);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration refresh;
  private final Map<String, ErrorWindow> errorWindows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> circuitOpen = new ConcurrentHashMap<>();
  private final Set<String> boundStreams = ConcurrentHashMap.newKeySet();
  private final AtomicReference<DatabaseFacts.Facts> cached = new AtomicReference<>();
  private volatile DatabaseFacts facts;

  /** Calls and errors of one connection in the last {@link #ERROR_WINDOW}. */
  public record CallCounts(long calls, long errors) {
    /** Errors / calls, 0 without calls. */
    public double rate() {
      return calls == 0 ? 0 : (double) errors / calls;
    }
  }

  /**
   * @param refresh how long database-derived values are reused before the next read (scrapes and
   *     health checks share one read); {@link Duration#ZERO} reads every time
   */
  public TributaryMetrics(MeterRegistry registry, Clock clock, Duration refresh) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("refresh must not be negative, was " + refresh);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The listener that counts and times every vendor call attempt. */
  public VendorCallListener vendorCalls() {
    return this::onAttempt;
  }

  private void onAttempt(VendorCallListener.Event e) {
    Tags tags = Tags.of("connector", e.connector(), "connection", e.connection());
    Timer.builder("tributary.vendor.calls")
        .description("Vendor call attempts")
        .tags(tags.and("status_class", statusClass(e.status()), "outcome", e.outcome()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(e.duration());
    if (e.attempt() > 1) {
      Counter.builder("tributary.vendor.retries").description("Vendor call attempts after the first")
          .tags(tags).register(registry).increment();
    }
    if (e.status() == 429) {
      Counter.builder("tributary.vendor.rate.limited").description("Vendor answers 429: the call waits and retries")
          .tags(tags).register(registry).increment();
    }
    AtomicInteger open = circuitOpen.computeIfAbsent(e.connection(), c -> {
      AtomicInteger v = new AtomicInteger();
      Gauge.builder("tributary.vendor.circuit.open", v, AtomicInteger::get)
          .description("1 while the connection's circuit breaker is open").tags(tags).register(registry);
      return v;
    });
    open.set("circuit_open".equals(e.outcome()) ? 1 : 0);
    errorWindows.computeIfAbsent(e.connection(), c -> new ErrorWindow(clock, ERROR_WINDOW)).record(isError(e));
  }

  /**
   * Whether an attempt counts against the error rate: no response, a vendor failure (5xx), a rate
   * limit or a credential refusal. Other 4xx answers are the caller's business, not the vendor's health.
   */
  static boolean isError(VendorCallListener.Event e) {
    int s = e.status();
    return !"ok".equals(e.outcome()) && (s == 0 || s >= 500 || s == 429 || s == 401 || s == 403);
  }

  static String statusClass(int status) {
    return status == 0 ? "none" : (status / 100) + "xx";
  }

  /** Calls and errors of {@code connectionId} in the last {@link #ERROR_WINDOW}. */
  public CallCounts recentCalls(String connectionId) {
    ErrorWindow w = errorWindows.get(connectionId);
    return w == null ? new CallCounts(0, 0) : w.counts();
  }

  /** Whether the last attempt of {@code connectionId} met an open circuit. */
  public boolean circuitOpen(String connectionId) {
    AtomicInteger v = circuitOpen.get(connectionId);
    return v != null && v.get() == 1;
  }

  /** The listener that counts webhook deliveries by result and rejection reason. */
  public WebhookListener webhooks() {
    return new WebhookListener() {
      @Override
      public void onAccepted(String connectionId, String deliveryId) {
        delivery(connectionId, "accepted", "none");
      }

      @Override
      public void onRejected(String connectionId, Reason reason) {
        delivery(connectionId, "rejected", reason.name().toLowerCase(java.util.Locale.ROOT));
      }

      @Override
      public void onUnavailable(String connectionId) {
        delivery(connectionId, "unavailable", "none");
      }
    };
  }

  private void delivery(String connectionId, String result, String reason) {
    Counter.builder("tributary.webhook.deliveries").description("Webhook deliveries by result")
        .tags("connection", connectionId.isEmpty() ? "unknown" : connectionId, "result", result, "reason", reason)
        .register(registry).increment();
  }

  /** Counts one access-token refresh of {@code connectionId}; {@code ok} false for a failed one. */
  public void tokenRefresh(String connectionId, boolean ok) {
    Counter.builder("tributary.token.refreshes").description("Access token refreshes")
        .tags("connection", connectionId, "result", ok ? "ok" : "failed").register(registry).increment();
  }

  /** Records a finished sync run's duration by outcome; counts come from the database. */
  public void syncFinished(SyncResult r) {
    Timer.builder("tributary.sync.duration").description("Sync run duration")
        .tags("connection", r.connectionId(), "stream", r.stream(), "outcome", r.stoppedBecause().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry).record(r.elapsed());
    bindStream(r.connectionId(), r.stream());
  }

  /**
   * Publishes queue and sync meters read from {@code facts}: queue depth, dead letters, the oldest
   * due job's age, and per stream the seconds since its last successful run and its record counts.
   * Streams appear once they have a run in {@code sync_run} (checked at each read) or are named by
   * {@link #bindStream}.
   */
  public void bindDatabase(DatabaseFacts facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
    Gauge.builder("tributary.queue.jobs", this, m -> m.queue().map(q -> (double) q.ready()).orElse(Double.NaN))
        .description("Live jobs by status").tag("status", "ready").register(registry);
    Gauge.builder("tributary.queue.jobs", this, m -> m.queue().map(q -> (double) q.running()).orElse(Double.NaN))
        .description("Live jobs by status").tag("status", "running").register(registry);
    Gauge.builder("tributary.queue.dead.letters", this, m -> m.queue().map(q -> (double) q.deadLetters()).orElse(Double.NaN))
        .description("Jobs that used up their attempts").register(registry);
    Gauge.builder("tributary.queue.oldest.job.age", this,
            m -> m.queue().map(q -> q.oldestDueAge().map(d -> d.toMillis() / 1000.0).orElse(0.0)).orElse(Double.NaN))
        .description("Age of the oldest job waiting to run").baseUnit("seconds").register(registry);
    current().ifPresent(f -> f.streams().values().forEach(s -> bindStream(s.connectionId(), s.stream())));
  }

  /**
   * Publishes {@code tributary_connection_needs_reauth{connection}}: 1 while the connection is
   * NEEDS_REAUTH in {@code connection_status}, for alerting. Call after {@link #bindDatabase}.
   */
  public void bindConnections(java.util.Collection<String> connectionIds) {
    for (String id : connectionIds) {
      Gauge.builder("tributary.connection.needs.reauth", this, m -> m.current()
              .map(f -> "NEEDS_REAUTH".equals(f.connectionStatus().get(id)) ? 1.0 : 0.0).orElse(Double.NaN))
          .description("1 while the connection waits for an operator to re-authorise it").tag("connection", id)
          .register(registry);
    }
  }

  /** Publishes the sync meters of one stream (also done for every stream with history). */
  public void bindStream(String connectionId, String stream) {
    if (facts == null || !boundStreams.add(connectionId + "/" + stream)) {
      return;
    }
    Tags tags = Tags.of("connection", connectionId, "stream", stream);
    Gauge.builder("tributary.sync.seconds.since.success", this, m -> m.current()
            .flatMap(f -> f.stream(connectionId, stream)).flatMap(DatabaseFacts.StreamSyncs::lastSuccess)
            .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
        .description("Seconds since the stream's last sync run that finished DONE").tags(tags).register(registry);
    for (String result : new String[] {"written", "unchanged", "stale"}) {
      FunctionCounter.builder("tributary.sync.records", this, m -> m.current()
              .flatMap(f -> f.stream(connectionId, stream)).map(s -> (double) switch (result) {
                case "written" -> s.written();
                case "unchanged" -> s.unchanged();
                default -> s.stale();
              }).orElse(0.0))
          .description("Records in committed sync pages, by what happened to them").tags(tags.and("result", result))
          .register(registry);
    }
    for (SyncResult.StopReason outcome : SyncResult.StopReason.values()) {
      FunctionCounter.builder("tributary.sync.runs", this, m -> m.current()
              .flatMap(f -> f.stream(connectionId, stream)).map(s -> (double) s.runsByOutcome().getOrDefault(outcome.name(), 0L))
              .orElse(0.0))
          .description("Finished sync runs by outcome").tags(tags.and("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)))
          .register(registry);
    }
  }

  private Optional<DatabaseFacts.Queue> queue() {
    return current().map(DatabaseFacts.Facts::queue);
  }

  /**
   * The database facts, reused for {@code refresh}; empty when the database cannot be read (the
   * meters then show NaN and health turns red on its own check).
   */
  public Optional<DatabaseFacts.Facts> current() {
    DatabaseFacts source = facts;
    if (source == null) {
      return Optional.empty();
    }
    DatabaseFacts.Facts f = cached.get();
    if (f != null && !f.readAt().plus(refresh).isBefore(clock.instant()) && !refresh.isZero()) {
      return Optional.of(f);
    }
    try {
      DatabaseFacts.Facts fresh = source.read();
      cached.set(fresh);
      fresh.streams().values().forEach(s -> bindStream(s.connectionId(), s.stream()));
      return Optional.of(fresh);
    } catch (RuntimeException e) {
      LOG.warn("cannot read queue and sync facts from the database: {}", e.toString());
      return Optional.empty();
    }
  }
}
