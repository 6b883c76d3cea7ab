package dev.tributary.core.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as claimed by a worker: what to do and which claim this is. {@link #attempt()} counts from
 * 1 and identifies the claim together with {@link #leaseHolder()}: completing or failing a job
 * whose lease was taken over by another worker is refused. Immutable.
 */
public record QueuedJob(long id, String kind, Optional<String> connectionId, String payload,
    Optional<String> dedupeKey, String idempotencyKey, Optional<String> correlationId, int attempt,
    int maxAttempts, String leaseHolder, Instant leaseUntil, Optional<String> lastError, Instant enqueuedAt) {}
