package dev.tributary.core.schedule;

import dev.tributary.core.db.TestDatabases;

class PostgresSchedulerTest extends SchedulerContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
