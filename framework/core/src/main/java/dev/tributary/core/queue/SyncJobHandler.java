package dev.tributary.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.sync.StreamBusyException;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Runs {@code sync} jobs through the {@link SyncEngine}: payload
 * {@code {"connectionId":"acme","stream":"contacts","full":false}}. A run that spends its time
 * budget (the engine's {@code budget}, 120 s by default: build the engine with the job budget)
 * enqueues its continuation, an incremental run from the cursor it stored; a failed run throws,
 * so the job is retried with backoff; a stream busy with another run is retried later without
 * using an attempt.
 */
public final class SyncJobHandler implements JobHandler {

  /** The job kind. */
  public static final String KIND = "sync";

  private final SyncEngine engine;
  private final SyncTargets targets;
  private final Duration busyRetry;

  public SyncJobHandler(SyncEngine engine, SyncTargets targets) {
    this(engine, targets, Duration.ofSeconds(30));
  }

  /** @param busyRetry how long to wait when another run holds the stream */
  public SyncJobHandler(SyncEngine engine, SyncTargets targets, Duration busyRetry) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.busyRetry = Objects.requireNonNull(busyRetry, "busyRetry");
  }

  /**
   * A sync job for one stream, deduplicated per stream: while one is queued or running, another
   * enqueue returns it.
   */
  public static JobRequest.Builder request(String connectionId, String stream, boolean full) {
    return JobRequest.builder(KIND)
        .connectionId(connectionId)
        .dedupeKey("sync:" + connectionId + ":" + stream)
        .payload(Map.of("connectionId", connectionId, "stream", stream, "full", full));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void handle(JobContext job) {
    JsonNode p = job.payload();
    String connectionId = text(p, "connectionId", job);
    String stream = text(p, "stream", job);
    boolean full = p.path("full").asBoolean(false);
    SyncTargets.Target target;
    try {
      target = targets.resolve(connectionId, stream);
    } catch (IllegalArgumentException e) {
      throw new PermanentJobException(e.getMessage(), e);
    }
    SyncResult result;
    try {
      result = engine.sync(target.context(), target.stream(), full ? SyncStart.full() : SyncStart.incremental());
    } catch (StreamBusyException e) {
      throw new RetryLaterException(e.getMessage(), busyRetry);
    }
    switch (result.stoppedBecause()) {
      case DONE -> { }
      case BUDGET -> job.enqueue(JobRequest.builder(KIND)
          .connectionId(connectionId)
          // Keyed by this job: a rerun of it (after a crash) does not add a second continuation.
          .dedupeKey("sync:" + connectionId + ":" + stream + ":after:" + job.id())
          .payload(Map.of("connectionId", connectionId, "stream", stream, "full", false))
          .build());
      case ERROR -> throw result.error().orElseThrow();
    }
  }

  private static String text(JsonNode p, String field, JobContext job) {
    JsonNode v = p.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new PermanentJobException("sync job " + job.id() + " has no '" + field + "' in its payload");
    }
    return v.asText();
  }
}
