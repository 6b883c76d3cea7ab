package dev.tributary.core.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a {@link JobHandler} when the job cannot run now for a reason that is not its fault
 * (the stream is being synced by another run): the job is put back after {@link #delay()} and the
 * attempt is not counted.
 */
public class RetryLaterException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Duration delay;

  public RetryLaterException(String message, Duration delay) {
    super(message);
    this.delay = Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
  }

  public Duration delay() {
    return delay;
  }
}
