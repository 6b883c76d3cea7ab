package dev.tributary.core.sync;

import dev.tributary.core.db.TestDatabases;

class H2SyncEngineTest extends SyncEngineContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
