package dev.tributary.core.queue;

import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import java.util.Objects;

/** Finds what a sync job syncs: the runtime's registry of connections and their streams. */
@FunctionalInterface
public interface SyncTargets {

  /**
   * The stream {@code stream} of connection {@code connectionId}.
   *
   * @throws IllegalArgumentException when there is no such connection or stream (the job is dead-lettered)
   */
  Target resolve(String connectionId, String stream);

  /** A connection's stream with the context it reads in. */
  record Target(StreamContext context, Stream<?> stream) {
    public Target {
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(stream, "stream");
    }
  }
}
