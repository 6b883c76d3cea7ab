package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.Tributary;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.schedule.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection's configured schedule enqueues its streams' syncs when it fires, in its time zone. */
class ScheduleWiringTest {

  @TempDir Path dir;

  /** A clock the test moves. */
  static final class StepClock extends Clock {
    Instant now;

    StepClock(Instant start) {
      now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aConfiguredScheduleQueuesOneSyncPerStreamWhenItFires() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t0ken");
    Path f = dir.resolve("tributary.yaml");
    Files.writeString(f, """
        database:
          url: jdbc:h2:file:%s
        connections:
          acme:
            connector: echo
            schedule: "0 9 * * *"
            timezone: Europe/Berlin
            secrets:
              token: file:%s
        """.formatted(dir.resolve("db"), token));
    ConfigLoader.Loaded config = new ConfigLoader().load(f, true);
    StepClock clock = new StepClock(Instant.parse("2026-03-02T07:00:00Z")); // 08:00 in Berlin

    try (Tributary t = HostRuntime.open(config, CredentialProviders.loadDefault());
        Scheduler scheduler = ServeCommand.Serving.schedules(config, t, t.queue(), clock)) {
      assertThat(scheduler.tick()).isEmpty();
      clock.now = clock.now.plus(Duration.ofMinutes(59)); // 08:59 Berlin: not yet
      assertThat(scheduler.tick()).isEmpty();
      clock.now = Instant.parse("2026-03-02T08:00:30Z"); // 09:00:30 Berlin
      var fires = scheduler.tick();

      assertThat(fires).singleElement().satisfies(fire -> {
        assertThat(fire.scheduleId()).isEqualTo("connection:acme");
        assertThat(fire.fireTime()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(fire.jobIds()).hasSize(1); // the echo connector has one stream
      });
      assertThat(t.queue().stats().ready()).isEqualTo(1);
      assertThat(scheduler.tick()).as("a fire runs once").isEmpty();
    }
  }
}
