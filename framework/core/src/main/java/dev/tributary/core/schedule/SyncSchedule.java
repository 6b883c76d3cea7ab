package dev.tributary.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * When to sync which streams of a connection: a Unix cron expression (five fields: minute, hour,
 * day of month, month, day of week; e.g. {@code "*&#47;15 * * * *"}, {@code "0 3 * * MON-FRI"}) read
 * in a time zone, so {@code "0 9 * * *"} in Europe/Berlin fires at 09:00 Berlin time across
 * daylight-saving changes. Immutable; checked when built.
 *
 * @param id stable across restarts and nodes: it keys the fire history
 */
public record SyncSchedule(String id, String connectionId, List<String> streams, String cron, ZoneId zone) {

  static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** @throws IllegalArgumentException naming the schedule and the problem */
  public SyncSchedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(zone, "zone");
    streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
    if (id.isBlank() || id.length() > 128) {
      throw new IllegalArgumentException("schedule id must be 1-128 characters and not blank, was '" + id + "'");
    }
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("schedule '" + id + "' names no streams; list at least one stream of connection '"
          + connectionId + "'");
    }
    parse(id, cron);
  }

  /** A schedule for {@code streams} of {@code connectionId}. */
  public static SyncSchedule of(String id, String connectionId, List<String> streams, String cron, ZoneId zone) {
    return new SyncSchedule(id, connectionId, streams, cron, zone);
  }

  Cron parsed() {
    return parse(id, cron);
  }

  private static Cron parse(String id, String cron) {
    try {
      return UNIX.parse(cron).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule '" + id + "': '" + cron + "' is not a Unix cron expression (five"
          + " fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *'): " + e.getMessage());
    }
  }
}
