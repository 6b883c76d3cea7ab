package dev.tributary.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a {@link HealthSnapshot} against the {@link Slo}s: a pure function of snapshot, objectives
 * and clock, so every rule can be driven into amber and red and back by a test with a fixed clock.
 *
 * <ul>
 * <li>database: red when it cannot be reached;</li>
 * <li>queue: the oldest due job's age against {@link Slo#updateLatency()}; dead letters are amber;</li>
 * <li>connection: NEEDS_REAUTH is red, DISABLED amber; each stream's time since its last
 *     successful sync against {@link Slo#syncCurrency(String)}; the error rate against
 *     {@link Slo#errorRate()} (only with {@link Slo#minCalls()} calls); an open circuit is amber.</li>
 * </ul>
 * Amber starts at {@link Slo#warnFraction()} of an objective; red is past it.
 */
public final class HealthRules {

  private HealthRules() {}

  public static HealthReport evaluate(HealthSnapshot s, Slo slo, Clock clock) {
    Instant now = clock.instant();
    List<HealthReport.Component> out = new ArrayList<>();
    out.add(s.database().map(why -> component("database", Colour.RED, List.of("database unreachable: " + why)))
        .orElse(component("database", Colour.GREEN, List.of())));
    out.add(queue(s, slo, now));
    for (HealthSnapshot.ConnectionState c : s.connections()) {
      out.add(connection(c, slo, now));
    }
    Colour overall = out.stream().map(HealthReport.Component::colour).reduce(Colour.GREEN, Colour::worst);
    return new HealthReport(overall, out);
  }

  private static HealthReport.Component queue(HealthSnapshot s, Slo slo, Instant now) {
    if (s.queue().isEmpty()) {
      return component("queue", Colour.RED, List.of("queue cannot be read"));
    }
    HealthSnapshot.QueueState q = s.queue().get();
    Colour colour = Colour.GREEN;
    List<String> reasons = new ArrayList<>();
    if (q.oldestDue().isPresent()) {
      Duration age = nonNegative(Duration.between(q.oldestDue().get(), now));
      Colour c = against(age, slo.updateLatency(), slo.warnFraction());
      if (c != Colour.GREEN) {
        reasons.add("oldest waiting job is " + human(age) + " old; objective: updates visible within "
            + human(slo.updateLatency()) + (c == Colour.RED ? " (breached)" : " (at risk)"));
        colour = colour.worst(c);
      }
    }
    if (q.deadLetters() > 0) {
      reasons.add(q.deadLetters() + " dead letter" + (q.deadLetters() == 1 ? "" : "s") + " waiting for replay");
      colour = colour.worst(Colour.AMBER);
    }
    return component("queue", colour, reasons);
  }

  private static HealthReport.Component connection(HealthSnapshot.ConnectionState c, Slo slo, Instant now) {
    String name = "connection:" + c.id();
    if (!c.enabled()) {
      return component(name, Colour.GREEN, List.of());
    }
    Colour colour = Colour.GREEN;
    List<String> reasons = new ArrayList<>();
    switch (c.auth()) {
      case "NEEDS_REAUTH" -> {
        colour = Colour.RED;
        reasons.add("needs re-authorisation" + c.authReason().map(r -> ": " + r).orElse("")
            + "; run 'tributary token reauthorize " + c.id() + "'");
      }
      case "DISABLED" -> {
        colour = Colour.AMBER;
        reasons.add("disabled by an operator" + c.authReason().map(r -> ": " + r).orElse(""));
      }
      default -> { }
    }
    Duration objective = slo.syncCurrency(c.id());
    for (Map.Entry<String, Optional<Instant>> e : new java.util.TreeMap<>(c.lastSuccess()).entrySet()) {
      if (e.getValue().isEmpty()) {
        colour = colour.worst(Colour.AMBER);
        reasons.add("stream " + e.getKey() + " has no successful sync yet");
        continue;
      }
      Duration lag = nonNegative(Duration.between(e.getValue().get(), now));
      Colour lc = against(lag, objective, slo.warnFraction());
      if (lc != Colour.GREEN) {
        colour = colour.worst(lc);
        reasons.add("stream " + e.getKey() + " last synced " + human(lag) + " ago; objective: within "
            + human(objective) + (lc == Colour.RED ? " (breached)" : " (at risk)"));
      }
    }
    if (c.calls() >= slo.minCalls()) {
      double rate = (double) c.errors() / c.calls();
      Colour ec = rate > slo.errorRate() ? Colour.RED : rate >= slo.errorRate() * slo.warnFraction() ? Colour.AMBER : Colour.GREEN;
      if (ec != Colour.GREEN) {
        colour = colour.worst(ec);
        reasons.add(String.format(Locale.ROOT, "error rate %.0f%% (%d of %d calls in 5 min); objective: at most %.0f%%",
            rate * 100, c.errors(), c.calls(), slo.errorRate() * 100));
      }
    }
    if (c.circuitOpen()) {
      colour = colour.worst(Colour.AMBER);
      reasons.add("circuit breaker open: calls to the vendor are paused");
    }
    return component(name, colour, reasons);
  }

  /** Green below {@code warn} of the objective, amber up to it, red past it. */
  static Colour against(Duration value, Duration objective, double warn) {
    if (value.compareTo(objective) > 0) {
      return Colour.RED;
    }
    return value.toMillis() >= objective.toMillis() * warn ? Colour.AMBER : Colour.GREEN;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** "14m 05s", "2h 03m", "42s". */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return s + "s";
  }

  private static HealthReport.Component component(String name, Colour colour, List<String> reasons) {
    return new HealthReport.Component(name, colour, reasons);
  }
}
