package dev.tributary.core.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every suite that runs against both H2 and PostgreSQL: one database per test class
 * (opened and migrated once), emptied before each test. A subclass per database supplies
 * {@link #target()}; PostgreSQL targets skip, saying how to enable them, when no server answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseContract {

  protected TestDatabases.Target target;
  protected Database db;

  /** The database this run of the suite uses. */
  protected abstract TestDatabases.Target target();

  @BeforeAll
  final void openDatabase() {
    target = target();
    db = target.open();
  }

  @AfterAll
  final void closeDatabase() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @BeforeEach
  final void emptyDatabase() {
    TestDatabases.clean(db);
  }
}
