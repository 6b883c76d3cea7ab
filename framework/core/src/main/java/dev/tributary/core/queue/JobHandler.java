package dev.tributary.core.queue;

/**
 * Runs the jobs of one kind; registered with a {@link WorkerPool}. Delivery is at-least-once: a
 * job may run again after a crash or a lost lease, so a handler's effect must be idempotent
 * (write in the framework database with an upsert, or hand {@link JobContext#idempotencyKey()}
 * to the vendor). Return normally when done; throw to retry with backoff,
 * {@link PermanentJobException} to dead-letter at once, {@link RetryLaterException} to come back
 * later without using an attempt. Thread-safe: one handler runs many jobs at once.
 */
public interface JobHandler {

  /** The job kind this handler runs, e.g. {@code sync}. */
  String kind();

  /** Runs one job; should finish within {@link JobContext#deadline()} and chunk longer work. */
  void handle(JobContext job) throws Exception;
}
