package dev.tributary.core.queue;

/**
 * Thrown by a {@link JobHandler} when retrying cannot help (bad payload, a vendor's 4xx): the job
 * goes to the dead letters at once, whatever attempts it has left.
 */
public class PermanentJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PermanentJobException(String message) {
    super(message);
  }

  public PermanentJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
