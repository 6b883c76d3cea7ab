package dev.tributary.core.privacy;

import dev.tributary.core.db.TestDatabases;

class H2PersonalDataTest extends PersonalDataContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
