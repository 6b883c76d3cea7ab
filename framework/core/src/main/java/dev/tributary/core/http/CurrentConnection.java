package dev.tributary.core.http;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The connection the current thread works for. Streams and vendor clients are singletons shared by
 * all connections of a connector; a client created by {@link VendorClientFactory#vendorClients}
 * sends each call as the connection set here. The runtime wraps every unit of work in
 * {@link #run}:
 *
 * <pre>{@code
 * Page<Contact> page = CurrentConnection.run(handle, () -> stream.read(cursor));
 * }</pre>
 *
 * <p>Work started on another thread does not inherit the connection; run it there again.
 */
public final class CurrentConnection {

  private static final ThreadLocal<ConnectionHandle> CURRENT = new ThreadLocal<>();

  private CurrentConnection() {}

  /**
   * Runs {@code work} as connection {@code handle} and restores the previous connection (if any)
   * afterwards, also when it throws.
   */
  public static <T> T run(ConnectionHandle handle, Callable<T> work) throws Exception {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(work, "work");
    ConnectionHandle previous = CURRENT.get();
    CURRENT.set(handle);
    try {
      return work.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The connection the current thread runs as, if any. */
  public static Optional<ConnectionHandle> current() {
    return Optional.ofNullable(CURRENT.get());
  }
}
