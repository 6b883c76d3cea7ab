package dev.tributary.core.schedule;

import dev.tributary.core.db.TestDatabases;

class PostgresSchedulerTest extends SchedulerContract {
  @Override
  TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
