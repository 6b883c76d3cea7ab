package dev.tributary.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One mapped record as the golden file {@code expected-records.json} states it, or as the record
 * table holds it. {@link #toString()} names the id only: the payload may hold personal data.
 *
 * @param payload the mapped payload as JSON
 */
public record GoldenRecord(String externalId, Instant updatedAt, boolean deleted, JsonNode payload) {

  public GoldenRecord {
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public String toString() {
    return "GoldenRecord[" + externalId + ", updatedAt=" + updatedAt + ", deleted=" + deleted + "]";
  }
}
