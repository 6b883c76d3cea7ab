package dev.tributary.core.sync;

/**
 * The stream is already being synced by another worker (in this process or another one sharing
 * the database): this run was refused before reading anything. Retry after the other run ends or
 * its lease expires.
 */
public class StreamBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StreamBusyException(String message) {
    super(message);
  }
}
