package dev.tributary.core.schedule;

import dev.tributary.core.db.TestDatabases;

class H2SchedulerTest extends SchedulerContract {
  @Override
  TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
