package dev.tributary.core.store;

import dev.tributary.core.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Sink;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.DatabaseContract;
import dev.tributary.core.db.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The stores' behaviour, run once per database by a subclass. */
abstract class StoresContract extends DatabaseContract {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  MutableClock clock;

  @BeforeEach
  void clean() {
    clock = new MutableClock(T0);
  }

  @Nested
  class Cursors {
    DbCursorStore cursors() {
      return new DbCursorStore(db, clock);
    }

    @Test
    void anUnsyncedStreamHasNoCursor() {
      assertThat(cursors().load("acme", "contacts")).isEmpty();
    }

    @Test
    void compareAndSetMovesTheCursorOnlyFromTheExpectedValue() {
      DbCursorStore c = cursors();
      assertThat(c.compareAndSet("acme", "contacts", Optional.empty(), Cursor.of("p1"))).isTrue();
      assertThat(c.compareAndSet("acme", "contacts", Optional.empty(), Cursor.of("p9"))).isFalse();
      assertThat(c.compareAndSet("acme", "contacts", Optional.of(Cursor.of("p0")), Cursor.of("p9"))).isFalse();
      assertThat(c.compareAndSet("acme", "contacts", Optional.of(Cursor.of("p1")), Cursor.of("p2"))).isTrue();
      assertThat(c.load("acme", "contacts")).contains(Cursor.of("p2"));
      assertThat(c.load("acme", "deals")).isEmpty();
      assertThat(c.load("other", "contacts")).isEmpty();
    }

    @Test
    void resetMakesTheNextSyncAFullOne() {
      DbCursorStore c = cursors();
      c.compareAndSet("acme", "contacts", Optional.empty(), Cursor.of("p1"));
      c.reset("acme", "contacts");
      assertThat(c.load("acme", "contacts")).isEmpty();
      assertThat(c.compareAndSet("acme", "contacts", Optional.empty(), Cursor.START)).isTrue();
      assertThat(c.load("acme", "contacts")).contains(Cursor.START);
    }
  }

  @Nested
  class State {
    DbStateStore state() {
      return new DbStateStore(db, clock);
    }

    byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValueIsVisibleUntilItsTtlEndsAndThenPurged() {
      DbStateStore s = state();
      s.put("token:acme", bytes("v1"), Duration.ofSeconds(60));
      assertThat(s.get("token:acme")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
      clock.advance(Duration.ofSeconds(59));
      assertThat(s.get("token:acme")).isPresent();
      clock.advance(Duration.ofSeconds(1));
      assertThat(s.get("token:acme")).isEmpty();
      assertThat(s.purgeExpired()).isEqualTo(1);
      assertThat(s.purgeExpired()).isZero();
    }

    @Test
    void putReplacesAValueAndItsTtl() {
      DbStateStore s = state();
      s.put("k", bytes("a"), Duration.ofSeconds(10));
      s.put("k", bytes("b"), Duration.ofSeconds(100));
      clock.advance(Duration.ofSeconds(50));
      assertThat(s.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("b")));
    }

    @Test
    void putIfAbsentRefusesALiveValueButTakesOverAnExpiredOne() {
      DbStateStore s = state();
      assertThat(s.putIfAbsent("delivery:1", bytes("first"), Duration.ofMinutes(5))).isTrue();
      assertThat(s.putIfAbsent("delivery:1", bytes("second"), Duration.ofMinutes(5))).isFalse();
      assertThat(s.get("delivery:1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("first")));
      clock.advance(Duration.ofMinutes(5));
      assertThat(s.putIfAbsent("delivery:1", bytes("third"), Duration.ofMinutes(5))).isTrue();
      assertThat(s.get("delivery:1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("third")));
    }

    @Test
    void deleteRemovesAValue() {
      DbStateStore s = state();
      s.put("k", bytes("a"), Duration.ofSeconds(10));
      s.delete("k");
      assertThat(s.get("k")).isEmpty();
      assertThat(s.putIfAbsent("k", bytes("b"), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void rejectsANonPositiveTtlAndAnOverlongKey() {
      DbStateStore s = state();
      assertThatThrownBy(() -> s.put("k", bytes("a"), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT0S");
      assertThatThrownBy(() -> s.get("x".repeat(513)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("state key must be 1-512 characters, was 513");
    }
  }

  @Nested
  class ConnectionStatus {
    @Test
    void aConnectionIsOkUntilMarkedOtherwise() {
      ConnectionStatusStore s = new ConnectionStatusStore(db, clock);
      assertThat(s.get("acme").status()).isEqualTo(ConnectionStatusStore.Status.OK);
      s.set("acme", ConnectionStatusStore.Status.NEEDS_REAUTH, "invalid_grant from the token endpoint");
      clock.advance(Duration.ofMinutes(1));
      ConnectionStatusStore.Entry e = s.get("acme");
      assertThat(e.status()).isEqualTo(ConnectionStatusStore.Status.NEEDS_REAUTH);
      assertThat(e.reason()).contains("invalid_grant from the token endpoint");
      assertThat(e.since()).isEqualTo(T0);
      s.set("acme", ConnectionStatusStore.Status.OK, null);
      assertThat(s.get("acme")).isEqualTo(new ConnectionStatusStore.Entry("acme", ConnectionStatusStore.Status.OK,
          Optional.empty(), T0.plusSeconds(60)));
    }
  }

  @Nested
  class RecordTable {
    RecordTableSink sink() {
      return new RecordTableSink(db, Json.canonical(), clock);
    }

    Sink.UpsertResult upsert(List<MappedRecord> records) {
      return db.inTransaction((Connection c, org.jooq.DSLContext tx) -> sink().upsert(new Ctx(c), records));
    }

    record Ctx(Connection transaction) implements Sink.SinkContext {
      public String connectionId() {
        return "acme";
      }

      public String stream() {
        return "contacts";
      }
    }

    MappedRecord rec(String id, int minute, String name) {
      return MappedRecord.of(id, T0.plusSeconds(60L * minute), Map.of("id", id, "name", name));
    }

    @Test
    void insertsNewRecordsAndSkipsUnchangedOnesWithoutWriting() {
      assertThat(upsert(List.of(rec("1", 1, "a"), rec("2", 1, "b")))).isEqualTo(new Sink.UpsertResult(2, 0, 0));
      RecordStore.StoredRecord before = new RecordStore(db).find("acme", "contacts", "1").orElseThrow();
      assertThat(before.payloadJson()).isEqualTo("{\"id\":\"1\",\"name\":\"a\"}");
      assertThat(before.firstSeenAt()).isEqualTo(T0);
      clock.advance(Duration.ofHours(1));
      assertThat(upsert(List.of(rec("1", 1, "a"), rec("2", 1, "b")))).isEqualTo(new Sink.UpsertResult(0, 2, 0));
      assertThat(new RecordStore(db).find("acme", "contacts", "1").orElseThrow()).isEqualTo(before);
    }

    @Test
    void theSameContentInAnotherKeyOrderIsUnchanged() {
      Map<String, Object> a = new java.util.LinkedHashMap<>();
      a.put("id", "1");
      a.put("name", "x");
      Map<String, Object> b = new java.util.LinkedHashMap<>();
      b.put("name", "x");
      b.put("id", "1");
      upsert(List.of(MappedRecord.of("1", T0, a)));
      assertThat(upsert(List.of(MappedRecord.of("1", T0, b)))).isEqualTo(new Sink.UpsertResult(0, 1, 0));
    }

    @Test
    void aNewerVersionOverwritesAndAnOlderOneIsStale() {
      upsert(List.of(rec("1", 5, "v5")));
      clock.advance(Duration.ofMinutes(1));
      assertThat(upsert(List.of(rec("1", 3, "v3")))).isEqualTo(new Sink.UpsertResult(0, 0, 1));
      assertThat(upsert(List.of(rec("1", 7, "v7")))).isEqualTo(new Sink.UpsertResult(1, 0, 0));
      RecordStore.StoredRecord r = new RecordStore(db).find("acme", "contacts", "1").orElseThrow();
      assertThat(r.payloadJson()).contains("v7");
      assertThat(r.vendorUpdatedAt()).isEqualTo(T0.plusSeconds(420));
      assertThat(r.firstSeenAt()).isEqualTo(T0);
      assertThat(r.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void withinOnePageTheNewestVersionWins() {
      assertThat(upsert(List.of(rec("1", 5, "v5"), rec("1", 9, "v9"), rec("1", 7, "v7"), rec("1", 9, "v9"))))
          .isEqualTo(new Sink.UpsertResult(1, 1, 2));
      assertThat(new RecordStore(db).find("acme", "contacts", "1").orElseThrow().payloadJson()).contains("v9");
      assertThat(new RecordStore(db).count("acme", "contacts")).isEqualTo(1);
    }

    @Test
    void aDeletionBecomesATombstone() {
      upsert(List.of(rec("1", 1, "a")));
      assertThat(upsert(List.of(MappedRecord.deletion("1", T0.plusSeconds(120), Map.of("id", "1")))))
          .isEqualTo(new Sink.UpsertResult(1, 0, 0));
      RecordStore.StoredRecord r = new RecordStore(db).find("acme", "contacts", "1").orElseThrow();
      assertThat(r.deleted()).isTrue();
      assertThat(new RecordStore(db).countDeleted("acme", "contacts")).isEqualTo(1);
      assertThat(r.toString()).doesNotContain("payload");
    }

    @Test
    void refusesAnOversizedPayloadNamingTheRecord() {
      MappedRecord big = MappedRecord.of("big-1", T0, Map.of("blob", "x".repeat(1_000_000)));
      assertThatThrownBy(() -> upsert(List.of(big)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("record 'big-1' of stream 'contacts' (connection 'acme'): payload is 1000011 characters of JSON;"
              + " at most 1000000 are stored. Map fewer fields, or bind a host sink");
    }
  }
}
