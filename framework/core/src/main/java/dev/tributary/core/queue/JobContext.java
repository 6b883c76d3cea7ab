package dev.tributary.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** The running job, as a {@link JobHandler} sees it. */
public interface JobContext {

  QueuedJob job();

  default long id() {
    return job().id();
  }

  default Optional<String> connectionId() {
    return job().connectionId();
  }

  /** Stable across retries and replays of this job: hand it to the vendor with a write. */
  default String idempotencyKey() {
    return job().idempotencyKey();
  }

  /** The payload as a JSON tree. */
  JsonNode payload();

  /**
   * The payload bound to {@code type}.
   *
   * @throws PermanentJobException if it does not fit (retrying cannot fix it)
   */
  <T> T payload(Class<T> type);

  /** When the job's time budget runs out; chunk work and enqueue the rest before then. */
  Instant deadline();

  /** Whether the budget is spent, by the queue's clock. */
  boolean budgetSpent();

  /** Enqueues a follow-up job, carrying this job's correlation id unless the request names one. */
  JobQueue.Enqueued enqueue(JobRequest request);
}
