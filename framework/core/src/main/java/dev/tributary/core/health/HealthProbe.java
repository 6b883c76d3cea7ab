package dev.tributary.core.health;

import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.metrics.DatabaseFacts;
import dev.tributary.core.metrics.TributaryMetrics;
import dev.tributary.core.store.ConnectionStatusStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gathers a {@link HealthSnapshot} from a running host: pings the database, reads queue and sync
 * facts (through {@link TributaryMetrics#current()}, so scrapes and health checks share one read),
 * each connection's status row, and its recent error rate and circuit from the metrics. Thread-safe.
 */
public final class HealthProbe {

  private final Tributary runtime;
  private final TributaryMetrics metrics;
  private final Slo slo;
  private final Clock clock;

  public HealthProbe(Tributary runtime, TributaryMetrics metrics, Slo slo, Clock clock) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.slo = Objects.requireNonNull(slo, "slo");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The facts now. */
  public HealthSnapshot snapshot() {
    Optional<String> dbProblem = Optional.empty();
    try {
      runtime.database().dsl().selectOne().fetch();
    } catch (RuntimeException e) {
      dbProblem = Optional.of(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    Optional<DatabaseFacts.Facts> facts = dbProblem.isPresent() ? Optional.empty() : metrics.current();
    Optional<HealthSnapshot.QueueState> queue = facts.map(f -> new HealthSnapshot.QueueState(f.queue().ready(),
        f.queue().running(), f.queue().deadLetters(), f.queue().oldestDueAge().map(age -> f.readAt().minus(age))));
    ConnectionStatusStore statuses = runtime.connectionStatus();
    List<HealthSnapshot.ConnectionState> connections = new ArrayList<>();
    for (ConnectionConfig c : runtime.connections().values()) {
      String auth = "UNKNOWN";
      Optional<String> reason = Optional.of("status cannot be read");
      if (dbProblem.isEmpty()) {
        try {
          ConnectionStatusStore.Entry e = statuses.get(c.id());
          auth = e.status().name();
          reason = e.reason();
        } catch (RuntimeException e) {
          // the database check above already reports the cause
        }
      }
      Map<String, Optional<Instant>> last = new LinkedHashMap<>();
      for (StreamSpec s : runtime.connectors().get(c.connectorId()).manifest().streams()) {
        last.put(s.name(), facts.flatMap(f -> f.stream(c.id(), s.name())).flatMap(DatabaseFacts.StreamSyncs::lastSuccess));
      }
      TributaryMetrics.CallCounts calls = metrics.recentCalls(c.id());
      connections.add(new HealthSnapshot.ConnectionState(c.id(), c.connectorId(), auth, reason, last,
          calls.calls(), calls.errors(), metrics.circuitOpen(c.id()), c.enabled()));
    }
    return new HealthSnapshot(dbProblem, queue, connections);
  }

  /** The snapshot judged by {@link HealthRules}. */
  public HealthReport check() {
    return HealthRules.evaluate(snapshot(), slo, clock);
  }

  public Slo slo() {
    return slo;
  }
}
