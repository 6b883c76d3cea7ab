package dev.tributary.core.privacy;

import dev.tributary.core.db.TestDatabases;

class PostgresPersonalDataTest extends PersonalDataContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
