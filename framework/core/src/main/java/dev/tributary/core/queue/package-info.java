/**
 * Background work (Drupal's Queue API): the durable {@link dev.tributary.core.queue.JobQueue} on
 * the framework database, {@link dev.tributary.core.queue.WorkerPool}s that run jobs with
 * {@link dev.tributary.core.queue.JobHandler}s, dead letters and replay, and the built-in job
 * kinds: {@code sync} ({@link dev.tributary.core.queue.SyncJobHandler}), {@code action}
 * ({@link dev.tributary.core.queue.ActionJobHandler}) and {@code webhook-event}
 * ({@link dev.tributary.core.queue.WebhookEventJobHandler}); backfill chunks live in
 * {@code dev.tributary.core.backfill}.
 *
 * <p><b>Delivery semantics.</b> At-least-once delivery, idempotent effects: a job runs again when
 * its worker dies (or loses its lease) before the job is marked done, and finished jobs are
 * marked done in batches, so a crash re-runs the last few. Handlers make their effect idempotent:
 * writes in the framework database in the job's own transaction or by upsert, vendor writes with
 * the job's idempotency key. Measured by {@code MultiProcessQueueTest}: 10,000 jobs over three
 * worker processes, one killed with SIGKILL; deliveries exceed jobs by the killed worker's
 * in-flight jobs, effects equal jobs exactly.
 *
 * <p><b>Wiring.</b>
 * <pre>{@code
 * JobQueue queue = JobQueue.builder(db).redactor(redactor::redact).build();
 * WorkerPool pool = WorkerPool.builder(queue)
 *     .handler(new SyncJobHandler(engine, targets))
 *     .handler(new ActionJobHandler(actions))
 *     .handler(new WebhookEventJobHandler(processor))
 *     .handler(backfills.chunkHandler())
 *     .threads(4).build();
 * pool.start();
 * }</pre>
 */
package dev.tributary.core.queue;
