package dev.tributary.core.queue;

import dev.tributary.core.db.TestDatabases;

class PostgresQueueTest extends QueueContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
