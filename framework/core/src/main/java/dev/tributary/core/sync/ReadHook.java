package dev.tributary.core.sync;

import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.StreamContext;
import java.util.concurrent.Callable;

/**
 * Runs around each page read of a sync, on the sync's thread: the HTTP layer uses it to route the
 * stream's vendor calls to the run's connection (credentials, rate limit, base URL), metrics to
 * time reads. It must call {@code read} at most once and return its page; an exception it throws
 * stops the run at that page like a failed read. Thread-safe.
 */
@FunctionalInterface
public interface ReadHook {

  /** Calls the read directly. */
  ReadHook DIRECT = (context, read) -> read.call();

  /** Runs {@code read}, the stream's read of one page for {@code context}'s connection. */
  Page<?> around(StreamContext context, Callable<Page<?>> read) throws Exception;
}
