package dev.tributary.core.store;

import dev.tributary.core.db.TestDatabases;

class PostgresStoresTest extends StoresContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
