package dev.tributary.core.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * A job that used up its attempts, with its last error (redacted, at most 2,000 characters).
 * Replay it with {@link JobQueue#replay(long)}. Immutable.
 */
public record DeadLetter(long id, long jobId, String kind, Optional<String> connectionId, String payload,
    Optional<String> dedupeKey, String idempotencyKey, Optional<String> correlationId, int attempts,
    String lastError, Instant enqueuedAt, Instant failedAt) {}
