package dev.tributary.core.queue;

import dev.tributary.core.db.TestDatabases;

class H2QueueTest extends QueueContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
