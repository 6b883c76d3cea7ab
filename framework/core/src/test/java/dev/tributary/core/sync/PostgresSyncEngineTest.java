package dev.tributary.core.sync;

import dev.tributary.core.db.TestDatabases;

class PostgresSyncEngineTest extends SyncEngineContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
