package dev.tributary.core.auth;

/**
 * A lock shared by every process on the database, so that one process refreshes a connection's
 * token while the others wait and then read the result. The token manager takes its in-process
 * lock first, so at most one thread per process waits here. Thread-safe.
 */
public interface RefreshLock {

  /** For a single process: the in-process lock is enough. */
  RefreshLock LOCAL_ONLY = name -> () -> { };

  /**
   * Blocks until {@code name} is held by this caller.
   *
   * @throws IllegalStateException when the lock could not be taken in time or the database failed
   */
  Held acquire(String name);

  /** A held lock; {@link #close()} releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
