package dev.tributary.core.store;

import dev.tributary.core.db.TestDatabases;

class H2StoresTest extends StoresContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
