package dev.tributary.core.backfill;

import dev.tributary.core.db.TestDatabases;

class H2BackfillTest extends BackfillContract {
  @Override
  protected TestDatabases.Target target() {
    return TestDatabases.h2();
  }
}
