package dev.tributary.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Slo SLO = Slo.builder().updateLatency(Duration.ofMinutes(15)).syncCurrency(Duration.ofMinutes(60))
      .errorRate(0.25).minCalls(10).warnFraction(0.8).build();

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  static HealthSnapshot queueWithOldestJobCreated(Instant created) {
    return new HealthSnapshot(Optional.empty(), Optional.of(new HealthSnapshot.QueueState(3, 1, 0, Optional.of(created))), List.of());
  }

  static HealthSnapshot.ConnectionState connection(String auth, Instant lastSync, long calls, long errors, boolean circuit) {
    return new HealthSnapshot.ConnectionState("acme", "hubspot", auth, auth.equals("OK") ? Optional.empty() : Optional.of("invalid_grant"),
        Map.of("contacts", Optional.of(lastSync)), calls, errors, circuit, true);
  }

  static HealthSnapshot withConnection(HealthSnapshot.ConnectionState c) {
    return new HealthSnapshot(Optional.empty(), Optional.of(new HealthSnapshot.QueueState(0, 0, 0, Optional.empty())), List.of(c));
  }

  @Nested
  @DisplayName("queue age against 'updates visible within 15 minutes'")
  class QueueAge {
    HealthSnapshot snapshot = queueWithOldestJobCreated(NOW);

    @Test
    void isGreenUnderTwelveMinutes() {
      HealthReport r = HealthRules.evaluate(snapshot, SLO, at(NOW.plus(Duration.ofMinutes(11).plusSeconds(59))));
      assertThat(r.component("queue").colour()).isEqualTo(Colour.GREEN);
      assertThat(r.overall()).isEqualTo(Colour.GREEN);
    }

    @Test
    void turnsAmberAtEightyPercentOfTheObjective() {
      HealthReport r = HealthRules.evaluate(snapshot, SLO, at(NOW.plus(Duration.ofMinutes(12))));
      assertThat(r.component("queue").colour()).isEqualTo(Colour.AMBER);
      assertThat(r.component("queue").reasons()).containsExactly(
          "oldest waiting job is 12m 00s old; objective: updates visible within 15m 00s (at risk)");
    }

    @Test
    void turnsRedPastTheObjectiveAndGreenAgainWhenTheJobRuns() {
      HealthReport red = HealthRules.evaluate(snapshot, SLO, at(NOW.plus(Duration.ofMinutes(15).plusSeconds(1))));
      assertThat(red.component("queue").colour()).isEqualTo(Colour.RED);
      assertThat(red.component("queue").reasons()).containsExactly(
          "oldest waiting job is 15m 01s old; objective: updates visible within 15m 00s (breached)");
      assertThat(red.overall()).isEqualTo(Colour.RED);

      HealthSnapshot drained = new HealthSnapshot(Optional.empty(),
          Optional.of(new HealthSnapshot.QueueState(0, 0, 0, Optional.empty())), List.of());
      assertThat(HealthRules.evaluate(drained, SLO, at(NOW.plus(Duration.ofMinutes(16)))).overall()).isEqualTo(Colour.GREEN);
    }

    @Test
    void deadLettersAreAmber() {
      HealthSnapshot s = new HealthSnapshot(Optional.empty(),
          Optional.of(new HealthSnapshot.QueueState(0, 0, 2, Optional.empty())), List.of());
      HealthReport r = HealthRules.evaluate(s, SLO, at(NOW));
      assertThat(r.component("queue").colour()).isEqualTo(Colour.AMBER);
      assertThat(r.component("queue").reasons()).containsExactly("2 dead letters waiting for replay");
    }

    @Test
    void anUnreadableQueueAndDatabaseAreRed() {
      HealthSnapshot s = new HealthSnapshot(Optional.of("SQLException: connection refused"), Optional.empty(), List.of());
      HealthReport r = HealthRules.evaluate(s, SLO, at(NOW));
      assertThat(r.component("database").reasons()).containsExactly("database unreachable: SQLException: connection refused");
      assertThat(r.component("queue").colour()).isEqualTo(Colour.RED);
      assertThat(r.overall()).isEqualTo(Colour.RED);
    }
  }

  @Nested
  @DisplayName("sync currency against its objective")
  class SyncCurrency {
    @Test
    void goesGreenAmberRedAndBackWithTheLastSuccessfulSync() {
      HealthSnapshot synced = withConnection(connection("OK", NOW, 0, 0, false));
      assertThat(HealthRules.evaluate(synced, SLO, at(NOW.plus(Duration.ofMinutes(47)))).overall()).isEqualTo(Colour.GREEN);

      HealthReport amber = HealthRules.evaluate(synced, SLO, at(NOW.plus(Duration.ofMinutes(48))));
      assertThat(amber.component("connection:acme").colour()).isEqualTo(Colour.AMBER);
      assertThat(amber.component("connection:acme").reasons())
          .containsExactly("stream contacts last synced 48m 00s ago; objective: within 1h 00m (at risk)");

      HealthReport red = HealthRules.evaluate(synced, SLO, at(NOW.plus(Duration.ofMinutes(61))));
      assertThat(red.component("connection:acme").colour()).isEqualTo(Colour.RED);
      assertThat(red.component("connection:acme").reasons())
          .containsExactly("stream contacts last synced 1h 01m ago; objective: within 1h 00m (breached)");

      HealthSnapshot resynced = withConnection(connection("OK", NOW.plus(Duration.ofMinutes(60)), 0, 0, false));
      assertThat(HealthRules.evaluate(resynced, SLO, at(NOW.plus(Duration.ofMinutes(61)))).overall()).isEqualTo(Colour.GREEN);
    }

    @Test
    void aPerConnectionObjectiveOverridesTheDefault() {
      Slo strict = Slo.builder().syncCurrency(Duration.ofHours(1)).syncCurrencyByConnection(Map.of("acme", Duration.ofMinutes(10))).build();
      HealthSnapshot synced = withConnection(connection("OK", NOW, 0, 0, false));
      assertThat(HealthRules.evaluate(synced, strict, at(NOW.plus(Duration.ofMinutes(11)))).overall()).isEqualTo(Colour.RED);
    }

    @Test
    void aStreamNeverSyncedIsAmber() {
      HealthSnapshot s = withConnection(new HealthSnapshot.ConnectionState("acme", "hubspot", "OK", Optional.empty(),
          Map.of("contacts", Optional.empty()), 0, 0, false, true));
      HealthReport r = HealthRules.evaluate(s, SLO, at(NOW));
      assertThat(r.component("connection:acme").reasons()).containsExactly("stream contacts has no successful sync yet");
      assertThat(r.overall()).isEqualTo(Colour.AMBER);
    }
  }

  @Nested
  @DisplayName("error rate over the last five minutes")
  class ErrorRate {
    @Test
    void goesAmberAtEightyPercentOfTheThresholdAndRedPastIt() {
      assertThat(HealthRules.evaluate(withConnection(connection("OK", NOW, 100, 19, false)), SLO, at(NOW)).overall())
          .isEqualTo(Colour.GREEN);
      HealthReport amber = HealthRules.evaluate(withConnection(connection("OK", NOW, 100, 20, false)), SLO, at(NOW));
      assertThat(amber.overall()).isEqualTo(Colour.AMBER);
      assertThat(amber.component("connection:acme").reasons())
          .containsExactly("error rate 20% (20 of 100 calls in 5 min); objective: at most 25%");
      HealthReport red = HealthRules.evaluate(withConnection(connection("OK", NOW, 100, 26, false)), SLO, at(NOW));
      assertThat(red.overall()).isEqualTo(Colour.RED);
      assertThat(HealthRules.evaluate(withConnection(connection("OK", NOW, 100, 0, false)), SLO, at(NOW)).overall())
          .isEqualTo(Colour.GREEN);
    }

    @Test
    void tooFewCallsSayNothing() {
      assertThat(HealthRules.evaluate(withConnection(connection("OK", NOW, 9, 9, false)), SLO, at(NOW)).overall())
          .isEqualTo(Colour.GREEN);
    }

    @Test
    void anOpenCircuitIsAmber() {
      HealthReport r = HealthRules.evaluate(withConnection(connection("OK", NOW, 0, 0, true)), SLO, at(NOW));
      assertThat(r.component("connection:acme").reasons()).containsExactly("circuit breaker open: calls to the vendor are paused");
      assertThat(r.overall()).isEqualTo(Colour.AMBER);
    }
  }

  @Nested
  @DisplayName("authorisation state")
  class Auth {
    @Test
    void needsReauthIsRedWithTheCommandThatFixesItAndGreenOnceReauthorised() {
      HealthReport red = HealthRules.evaluate(withConnection(connection("NEEDS_REAUTH", NOW, 0, 0, false)), SLO, at(NOW));
      assertThat(red.component("connection:acme").colour()).isEqualTo(Colour.RED);
      assertThat(red.component("connection:acme").reasons())
          .containsExactly("needs re-authorisation: invalid_grant; run 'tributary token reauthorize acme'");
      assertThat(HealthRules.evaluate(withConnection(connection("OK", NOW, 0, 0, false)), SLO, at(NOW)).overall())
          .isEqualTo(Colour.GREEN);
    }

    @Test
    void disabledIsAmber() {
      assertThat(HealthRules.evaluate(withConnection(connection("DISABLED", NOW, 0, 0, false)), SLO, at(NOW)).overall())
          .isEqualTo(Colour.AMBER);
    }
  }

  @Test
  void badObjectivesAreRefusedByName() {
    assertThatThrownBy(() -> Slo.builder().warnFraction(1.0).build())
        .hasMessage("warnFraction must be in (0, 1), was 1.0");
    assertThatThrownBy(() -> Slo.builder().updateLatency(Duration.ZERO))
        .hasMessage("updateLatency must be positive, was PT0S");
    assertThatThrownBy(() -> Slo.builder().errorRate(0).build())
        .hasMessage("errorRate must be in (0, 1], was 0.0");
  }
}
