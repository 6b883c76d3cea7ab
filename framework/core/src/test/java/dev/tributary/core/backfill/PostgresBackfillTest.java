package dev.tributary.core.backfill;

import dev.tributary.core.db.TestDatabases;

class PostgresBackfillTest extends BackfillContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.postgres();
  }
}
