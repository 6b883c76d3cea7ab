package dev.tributary.core.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.core.json.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to enqueue: its kind, JSON payload and options. Immutable; build with {@link #builder}.
 *
 * @param kind the {@link JobHandler#kind()} that runs it
 * @param payload JSON text
 * @param connectionId the connection the job works for, if any: while that connection is
 *     NEEDS_REAUTH or DISABLED the job is held (not claimed, no attempt used)
 * @param dedupeKey while a job with this key is queued or running, enqueueing another is a no-op
 * @param idempotencyKey stable across retries and replays; empty: the queue makes one
 * @param correlationId of whatever enqueued it; logged with every line the job writes
 * @param delay how long to wait before the first attempt
 * @param maxAttempts attempts before the job is dead-lettered; empty: the queue's default
 */
public record JobRequest(String kind, String payload, Optional<String> connectionId, Optional<String> dedupeKey,
    Optional<String> idempotencyKey, Optional<String> correlationId, Duration delay, Optional<Integer> maxAttempts) {

  static final int MAX_KIND = 64;
  static final int MAX_DEDUPE_KEY = 255;
  static final int MAX_IDEMPOTENCY_KEY = 64;
  static final int MAX_CORRELATION_ID = 128;
  static final int MAX_CONNECTION_ID = 64;

  public JobRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(maxAttempts, "maxAttempts");
  }

  /** Starts a request for a job of {@code kind}. */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /** Builds a {@link JobRequest}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String kind;
    private String payload = "{}";
    private String connectionId;
    private String dedupeKey;
    private String idempotencyKey;
    private String correlationId;
    private Duration delay = Duration.ZERO;
    private Integer maxAttempts;

    private Builder(String kind) {
      this.kind = text(kind, "kind", MAX_KIND);
    }

    /** The payload as JSON text. @throws IllegalArgumentException if it is not JSON */
    public Builder payloadJson(String json) {
      Objects.requireNonNull(json, "payload");
      try {
        Json.canonical().readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("payload of a '" + kind + "' job must be JSON text: "
            + e.getOriginalMessage());
      }
      this.payload = json;
      return this;
    }

    /** The payload, serialised with {@link Json#mapper()}. @throws IllegalArgumentException if it cannot be */
    public Builder payload(Object value) {
      Objects.requireNonNull(value, "payload");
      try {
        this.payload = Json.canonical().writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("payload of a '" + kind + "' job cannot be written as JSON ("
            + value.getClass().getName() + "): " + e.getOriginalMessage());
      }
      return this;
    }

    public Builder connectionId(String id) {
      this.connectionId = text(id, "connectionId", MAX_CONNECTION_ID);
      return this;
    }

    public Builder dedupeKey(String key) {
      this.dedupeKey = text(key, "dedupeKey", MAX_DEDUPE_KEY);
      return this;
    }

    /** A caller-chosen idempotency key, e.g. from the API request that asked for the write. */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = text(key, "idempotencyKey", MAX_IDEMPOTENCY_KEY);
      return this;
    }

    public Builder correlationId(String id) {
      this.correlationId = text(id, "correlationId", MAX_CORRELATION_ID);
      return this;
    }

    /** @throws IllegalArgumentException if negative */
    public Builder delay(Duration d) {
      Objects.requireNonNull(d, "delay");
      if (d.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + d);
      }
      this.delay = d;
      return this;
    }

    /** @throws IllegalArgumentException unless 1..1000 */
    public Builder maxAttempts(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("maxAttempts must be 1..1000, was " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    public JobRequest build() {
      return new JobRequest(kind, payload, Optional.ofNullable(connectionId), Optional.ofNullable(dedupeKey),
          Optional.ofNullable(idempotencyKey), Optional.ofNullable(correlationId), delay, Optional.ofNullable(maxAttempts));
    }

    private static String text(String value, String what, int max) {
      Objects.requireNonNull(value, what);
      if (value.isBlank() || value.length() > max) {
        throw new IllegalArgumentException(what + " must be 1-" + max + " characters and not blank, was '"
            + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
      }
      return value;
    }
  }
}
