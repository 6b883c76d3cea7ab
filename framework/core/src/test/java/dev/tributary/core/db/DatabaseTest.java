package dev.tributary.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void refusesAnUnsupportedJdbcUrlNamingTheSchemeOnly() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/x?password=hunter2", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported JDBC URL scheme 'jdbc:mysql': Tributary runs on H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...)");
  }

  @Test
  void choosesTheDialectFromTheUrl() {
    assertThat(Database.dialectOf("jdbc:h2:file:./data/tributary")).isEqualTo(SQLDialect.H2);
    assertThat(Database.dialectOf("jdbc:postgresql://127.0.0.1/test")).isEqualTo(SQLDialect.POSTGRES);
  }

  @Test
  void reopeningAMigratedDatabaseKeepsItsData() {
    try (TestDatabases.Target t = TestDatabases.h2()) {
      try (Database db = t.open()) {
        new dev.tributary.core.store.DbCursorStore(db).compareAndSet("c", "s", java.util.Optional.empty(),
            dev.tributary.api.stream.Cursor.of("42"));
      }
      try (Database db = t.open()) {
        assertThat(new dev.tributary.core.store.DbCursorStore(db).load("c", "s"))
            .contains(dev.tributary.api.stream.Cursor.of("42"));
        assertThat(db.toString()).startsWith("Database[tributary-").endsWith(", H2]");
      }
    }
  }

  @Test
  void reportsAnUnreachableServerWithoutThePassword() {
    assertThatThrownBy(() -> Database.builder("jdbc:postgresql://127.0.0.1:1/none").user("bob").password("hunter2")
            .connectionTimeout(java.time.Duration.ofMillis(500)).open())
        .isInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("cannot connect to the POSTGRES database as user 'bob': ")
        .hasMessageEndingWith(". Check the JDBC URL, user and password, and that the server is running")
        .message().doesNotContain("hunter2");
  }
}
