package dev.tributary.core.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import org.jooq.DSLContext;

/**
 * One kind of backfill (Drupal's batch operation): how many chunks the work has, and how to do one
 * chunk. Chunks run in order, each in one transaction that also records the chunk as done: write
 * through {@link Chunk#tx()} and a chunk's effect commits exactly when its progress does, so a crash
 * mid-chunk loses nothing and repeats nothing. Work written elsewhere must be idempotent (a crash
 * between it and the commit runs the chunk again). Each chunk should fit the job budget.
 * Thread-safe, stateless.
 */
public interface BackfillTask {

  /** The task's name, e.g. {@code reindex-contacts}. */
  String name();

  /**
   * How many chunks the backfill with these parameters has; called once when it starts.
   *
   * @throws IllegalArgumentException when the parameters are wrong, saying how
   */
  int chunks(JsonNode params);

  /** Does chunk {@link Chunk#index()}. Throw to retry it with backoff. */
  void run(Chunk chunk) throws Exception;

  /** One chunk of a running backfill. */
  interface Chunk {
    long backfillId();

    /** From 0. */
    int index();

    int total();

    JsonNode params();

    /** jOOQ in the chunk's transaction: do not commit or roll back. */
    DSLContext tx();

    /** The chunk transaction's JDBC connection: do not commit, roll back or close it. */
    Connection connection();
  }
}
