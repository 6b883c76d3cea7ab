package dev.tributary.core.schedule;

import dev.tributary.core.db.TestDatabases;

class H2SchedulerTest extends SchedulerContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
