package dev.tributary.core.sync;

import static dev.tributary.core.sync.Fixtures.T0;
import static dev.tributary.core.sync.Fixtures.context;
import static dev.tributary.core.sync.Fixtures.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.errors.MalformedResponseException;
import dev.tributary.api.errors.VendorCall;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.DriftPolicy;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Sink;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.db.Database;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.store.DbCursorStore;
import dev.tributary.core.json.Json;
import dev.tributary.core.store.RecordStore;
import dev.tributary.core.store.RecordTableSink;
import dev.tributary.core.sync.Fixtures.CrashingSink;
import dev.tributary.core.sync.Fixtures.Item;
import dev.tributary.core.sync.Fixtures.ItemStream;
import dev.tributary.core.sync.SyncResult.StopReason;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The sync engine's guarantees, run once per database by a subclass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncEngineContract {

  static final String CONN = "acme";

  TestDatabases.Target target;
  Database db;
  MutableClock clock;
  RecordStore records;
  DbCursorStore cursors;

  abstract TestDatabases.Target target();

  @BeforeAll
  void openDatabase() {
    target = target();
    db = target.open();
    records = new RecordStore(db);
  }

  @AfterAll
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @BeforeEach
  void clean() {
    TestDatabases.clean(db);
    clock = new MutableClock(T0);
    cursors = new DbCursorStore(db, clock);
  }

  SyncEngine.Builder engine() {
    return SyncEngine.builder(db).clock(clock).workerId("test-worker");
  }

  SyncResult sync(ItemStream s) {
    return engine().build().sync(context(CONN), s);
  }

  Optional<Cursor> cursor() {
    return cursors.load(CONN, "items");
  }

  void assertAllStored(List<Item> expected) {
    assertThat(records.count(CONN, "items")).isEqualTo(expected.size());
    for (Item i : List.of(expected.get(0), expected.get(expected.size() / 2), expected.get(expected.size() - 1))) {
      assertThat(records.find(CONN, "items", i.id()).orElseThrow().payloadJson()).contains("\"" + i.name() + "\"");
    }
  }

  // ---- the happy path and cursor semantics

  @Test
  void syncsEveryPageAndKeepsTheCursorThatReadTheLastPage() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    SyncResult r = sync(s).orThrow();
    assertThat(r.stoppedBecause()).isEqualTo(StopReason.DONE);
    assertThat(r.pages()).isEqualTo(3);
    assertThat(r.written()).isEqualTo(250);
    assertThat(r.cursor()).contains(Cursor.of("o200"));
    assertThat(cursor()).contains(Cursor.of("o200"));
    assertAllStored(s.items);
  }

  @Test
  void replayingTheSamePagesWritesNothing() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    sync(s).orThrow();
    RecordStore.StoredRecord before = records.find(CONN, "items", "item-7").orElseThrow();
    clock.advance(Duration.ofHours(1));

    SyncResult incremental = sync(s).orThrow();
    SyncResult full = engine().build().sync(context(CONN), s, SyncStart.full()).orThrow();

    assertThat(incremental.pages()).isEqualTo(1);
    assertThat(incremental.written()).isZero();
    assertThat(incremental.unchanged()).isEqualTo(50);
    assertThat(full.written()).isZero();
    assertThat(full.unchanged()).isEqualTo(250);
    assertThat(records.find(CONN, "items", "item-7").orElseThrow()).isEqualTo(before);
    assertThat(cursor()).contains(Cursor.of("o200"));
  }

  @Test
  void aBackfillReadsFromTheGivenCursor() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    SyncResult r = engine().build().sync(context(CONN), s, SyncStart.from(Cursor.of("o100"))).orThrow();
    assertThat(r.written()).isEqualTo(150);
    assertThat(records.find(CONN, "items", "item-99")).isEmpty();
    assertThat(records.find(CONN, "items", "item-100")).isPresent();
  }

  @Test
  void theLastPagesResumeFromIsWhereTheNextRunStarts() {
    Stream<Item> s = new Stream<>() {
      public StreamSpec spec() {
        return StreamSpec.builder("items").build();
      }

      public Mapper<Item> mapper() {
        return i -> MappedRecord.of(i.id(), i.updatedAt(), i);
      }

      public Page<Item> read(StreamContext c, Cursor cursor) {
        return cursor.isStart() ? Page.of(items(2, 1), Cursor.of("page-2"))
            : Page.done(List.of(Item.of(5, 1)), Cursor.of("since=2026-01-01T00:05:00Z"));
      }
    };
    SyncResult r = engine().build().sync(context(CONN), s).orThrow();
    assertThat(r.pages()).isEqualTo(2);
    assertThat(cursor()).contains(Cursor.of("since=2026-01-01T00:05:00Z"));
  }

  @Test
  void theReadHookRunsAroundEveryRead() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    ThreadLocal<String> routed = new ThreadLocal<>();
    List<String> seen = new ArrayList<>();
    s.beforeRead = n -> seen.add(routed.get());
    ReadHook hook = (ctx, read) -> {
      routed.set("connection " + ctx.connectionId());
      try {
        return read.call();
      } finally {
        routed.remove();
      }
    };
    engine().readHook(hook).build().sync(context(CONN), s).orThrow();
    assertThat(seen).containsExactly("connection acme", "connection acme", "connection acme");
  }

  @Test
  void eachRunIsRecordedWithItsCounts() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    SyncResult r = sync(s);
    SyncHistory.Run run = new SyncHistory(db).recent(CONN, "items", 5).get(0);
    assertThat(run.id()).isEqualTo(r.runId());
    assertThat(run.outcome()).isEqualTo("DONE");
    assertThat(run.pages()).isEqualTo(3);
    assertThat(run.written()).isEqualTo(250);
    assertThat(run.startCursor()).contains("");
    assertThat(run.endCursor()).contains("o200");
    assertThat(run.error()).isEmpty();
  }

  // ---- conflicts

  @Test
  void outOfOrderUpdatesLeaveTheNewestVersion() {
    ItemStream s = new ItemStream(items(250, 5), 100);
    sync(s).orThrow();
    List<Item> mixed = new ArrayList<>(items(250, 5));
    mixed.set(10, Item.of(10, 3));       // an older version arrives late
    mixed.set(20, Item.of(20, 9));       // a newer one
    mixed.add(Item.of(20, 7));           // and an older one again, after it
    s.items = mixed;
    SyncResult r = engine().build().sync(context(CONN), s, SyncStart.full()).orThrow();
    assertThat(r.written()).isEqualTo(1);
    assertThat(r.stale()).isEqualTo(2);
    assertThat(r.unchanged()).isEqualTo(248);
    assertThat(records.find(CONN, "items", "item-10").orElseThrow().payloadJson()).contains("name 10 v5");
    assertThat(records.find(CONN, "items", "item-20").orElseThrow().payloadJson()).contains("name 20 v9");
  }

  @Test
  void aVendorDeletionBecomesATombstone() {
    ItemStream s = new ItemStream(items(10, 1), 100);
    sync(s).orThrow();
    List<Item> next = new ArrayList<>(s.items);
    next.set(3, new Item("item-3", T0.plusSeconds(600), "name 3 v1", true));
    s.items = next;
    SyncResult r = sync(s).orThrow();
    assertThat(r.written()).isEqualTo(1);
    assertThat(records.find(CONN, "items", "item-3").orElseThrow().deleted()).isTrue();
    assertThat(records.countDeleted(CONN, "items")).isEqualTo(1);
  }

  // ---- crashes: nothing lost, nothing duplicated, the cursor on the last committed page

  @Test
  void aCrashInTheMiddleOfAPageLosesAndDuplicatesNothing() {
    ItemStream s = new ItemStream(items(1000, 1), 100);
    CrashingSink crashing = new CrashingSink(new RecordTableSink(db, Json.canonical(), clock), 4);

    SyncResult crashed = engine().build().sync(context(CONN), s, SyncStart.incremental(), crashing);

    assertThat(crashed.stoppedBecause()).isEqualTo(StopReason.ERROR);
    assertThat(crashed.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.WRITE_FAILED);
    assertThat(crashed.error().orElseThrow()).hasMessage("stream 'items' of connection 'acme', page 4 at cursor"
        + " 'o300': writing the page failed: IllegalStateException: injected crash after writing 100 records");
    assertThat(crashed.pages()).isEqualTo(3);
    assertThat(cursor()).contains(Cursor.of("o300"));
    assertThat(records.count(CONN, "items")).isEqualTo(300);
    assertThat(records.find(CONN, "items", "item-300")).isEmpty();

    SyncResult rerun = sync(s).orThrow();
    assertThat(crashed.written() + rerun.written()).isEqualTo(1000);
    assertThat(rerun.unchanged()).isZero();
    assertAllStored(s.items);
    assertThat(cursor()).contains(Cursor.of("o900"));
  }

  @Test
  void aCrashBetweenPagesLosesAndDuplicatesNothing() {
    ItemStream s = new ItemStream(items(1000, 1), 100);
    s.beforeRead = n -> {
      if (n == 6) {
        throw new MalformedResponseException(new VendorCall("fake", CONN, "GET", "/items", 200, "c-1"), "truncated JSON");
      }
    };
    SyncResult crashed = sync(s);
    assertThat(crashed.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.READ_FAILED);
    assertThat(crashed.error().orElseThrow()).hasMessage("stream 'items' of connection 'acme', page 6 at cursor 'o500':"
        + " reading the page failed: MalformedResponseException: fake/acme GET /items -> 200 [correlation c-1]: truncated JSON");
    assertThat(cursor()).contains(Cursor.of("o500"));
    assertThat(records.count(CONN, "items")).isEqualTo(500);

    s.beforeRead = n -> {};
    SyncResult rerun = sync(s).orThrow();
    assertThat(crashed.written() + rerun.written()).isEqualTo(1000);
    assertAllStored(s.items);
  }

  @Test
  void aConnectionKilledInTheMiddleOfAPageCommitsNothingOfIt() {
    ItemStream s = new ItemStream(items(500, 1), 100);
    RecordTableSink real = new RecordTableSink(db, Json.canonical(), clock);
    AtomicInteger calls = new AtomicInteger();
    Sink killing = (ctx, recs) -> {
      Sink.UpsertResult r = real.upsert(ctx, recs.subList(0, 50));
      if (calls.incrementAndGet() == 3) {
        try {
          // The physical database connection dies mid-page, under the pool's back.
          ctx.transaction().unwrap(java.sql.Connection.class).close();
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return r.plus(real.upsert(ctx, recs.subList(50, recs.size())));
    };
    SyncResult crashed = engine().build().sync(context(CONN), s, SyncStart.incremental(), killing);
    assertThat(crashed.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.WRITE_FAILED);
    assertThat(cursor()).contains(Cursor.of("o200"));
    assertThat(records.count(CONN, "items")).isEqualTo(200);

    SyncResult rerun = sync(s).orThrow();
    assertThat(crashed.written() + rerun.written()).isEqualTo(500);
    assertAllStored(s.items);
  }

  // ---- bad pages

  @Test
  void aDatabaseErrorStopsThePageWithoutQuotingRecordValues() {
    ItemStream s = new ItemStream(items(150, 1), 100);
    // PostgreSQL refuses timestamps past the year 294276; H2 stores them, so there the run succeeds.
    s.mapper = i -> i.id().equals("item-120")
        ? MappedRecord.of(i.id(), Instant.parse("+300000-01-01T00:00:00Z"), Map.of("secret", "ssn 078-05-1120"))
        : MappedRecord.of(i.id(), i.updatedAt(), i);
    SyncResult r = sync(s);
    if (db.dialect() == org.jooq.SQLDialect.POSTGRES) {
      SyncException e = r.error().orElseThrow();
      assertThat(e.kind()).isEqualTo(SyncException.Kind.WRITE_FAILED);
      assertThat(e.getMessage()).startsWith("stream 'items' of connection 'acme', page 2 at cursor 'o100': writing the"
          + " page failed: DataAccessException: writing records of stream 'items' (connection 'acme') failed, SQLState ");
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("078-05-1120");
        if (t instanceof java.sql.SQLException sql && sql.getNextException() != null) {
          assertThat(String.valueOf(sql.getNextException().getMessage())).doesNotContain("078-05-1120");
        }
      }
      assertThat(records.count(CONN, "items")).isEqualTo(100);
      assertThat(cursor()).contains(Cursor.of("o100"));
    } else {
      assertThat(r.orThrow().written()).isEqualTo(150);
    }
  }

  @Test
  void aMapperErrorStopsAtItsPageWithoutWritingIt() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    s.mapper = i -> {
      if (i.id().equals("item-103")) {
        throw new IllegalArgumentException("field 'updatedAt' is not a timestamp");
      }
      return MappedRecord.of(i.id(), i.updatedAt(), i);
    };
    SyncResult r = sync(s);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.MAPPING_FAILED);
    assertThat(r.error().orElseThrow()).hasMessage("stream 'items' of connection 'acme', page 2 at cursor 'o100':"
        + " the mapper failed on item 3 of the page: IllegalArgumentException: field 'updatedAt' is not a timestamp");
    assertThat(records.count(CONN, "items")).isEqualTo(100);
    assertThat(cursor()).contains(Cursor.of("o100"));
    assertThat(new SyncHistory(db).recent(CONN, "items", 1).get(0).error())
        .contains(r.error().orElseThrow().getMessage());
  }

  @Test
  void aRepeatedCursorStopsTheRunInsteadOfLooping() {
    Stream<Item> s = pagedBy(Map.of("", "a", "a", "a"));
    SyncResult r = engine().build().sync(context(CONN), s);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.CURSOR_CYCLE);
    assertThat(r.error().orElseThrow()).hasMessage("stream 'items' of connection 'acme', page 2 at cursor 'a': the vendor"
        + " returned next cursor 'a', which this run already read (it is the page's own cursor); stopping instead of"
        + " looping. The page was not written. Check the stream's paging");
    assertThat(cursor()).contains(Cursor.of("a"));
  }

  @Test
  void aCursorCycleStopsTheRun() {
    Stream<Item> s = pagedBy(Map.of("", "a", "a", "b", "b", "a"));
    SyncResult r = engine().build().sync(context(CONN), s);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.CURSOR_CYCLE);
    assertThat(r.pages()).isEqualTo(2);
    assertThat(cursor()).contains(Cursor.of("b"));
  }

  private static Stream<Item> pagedBy(Map<String, String> next) {
    return new Stream<>() {
      public StreamSpec spec() {
        return StreamSpec.builder("items").build();
      }

      public Mapper<Item> mapper() {
        return i -> MappedRecord.of(i.id(), i.updatedAt(), i);
      }

      public Page<Item> read(StreamContext c, Cursor cursor) {
        return Page.of(List.of(Item.of(cursor.value().length(), 1)), Cursor.of(next.get(cursor.value())));
      }
    };
  }

  // ---- schema drift

  Stream<JsonNode> jsonStream(DriftPolicy policy) {
    return new Stream<>() {
      public StreamSpec spec() {
        return StreamSpec.builder("items").requiredFields("id", "updatedAt").expectedFields("email")
            .driftPolicy(policy).build();
      }

      public Mapper<JsonNode> mapper() {
        return n -> MappedRecord.of(n.path("id").asText("?"), T0, n);
      }

      public Page<JsonNode> read(StreamContext c, Cursor cursor) {
        List<JsonNode> page = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ObjectNode n = Json.canonical().createObjectNode().put("id", cursor.value() + i).put("updatedAt", "2026-01-01")
              .put("email", "person" + i + "@example.com");
          if (cursor.value().equals("p2") && i == 1) {
            n.put("ssn", "078-05-1120");     // a field the stream never declared
            n.remove("updatedAt");
          }
          page.add(n);
        }
        return cursor.isStart() ? Page.of(page, Cursor.of("p2")) : Page.last(page);
      }
    };
  }

  @Test
  void driftUnderWarnIsCountedAndTheSyncContinues() {
    SyncResult r = engine().build().sync(context(CONN), jsonStream(DriftPolicy.WARN)).orThrow();
    assertThat(r.driftWarnings()).isEqualTo(2);
    assertThat(r.written()).isEqualTo(6);
  }

  @Test
  void driftUnderFailStopsNamingTheFieldAndCursorButNoValue() {
    SyncResult r = engine().build().sync(context(CONN), jsonStream(DriftPolicy.FAIL));
    SyncException e = r.error().orElseThrow();
    assertThat(e.kind()).isEqualTo(SyncException.Kind.SCHEMA_DRIFT);
    assertThat(e).hasMessage("stream 'items' of connection 'acme', page 2 at cursor 'p2': schema drift: unknown field"
        + " 'ssn'; missing required field 'updatedAt'. The drift policy is FAIL, so the page was not written and the"
        + " cursor not moved; declare the field in the stream's StreamSpec or set DriftPolicy.WARN");
    assertThat(e.getMessage()).doesNotContain("078-05-1120").doesNotContain("example.com");
    assertThat(records.count(CONN, "items")).isEqualTo(3);
    assertThat(cursor()).contains(Cursor.of("p2"));
  }

  // ---- budget

  @Test
  void aSpentBudgetStopsBetweenPagesAndAContinuationFinishes() {
    ItemStream s = new ItemStream(items(1000, 1), 100);
    s.beforeRead = n -> clock.advance(Duration.ofSeconds(50));
    SyncResult first = sync(s);
    assertThat(first.stoppedBecause()).isEqualTo(StopReason.BUDGET);
    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.cursor()).contains(Cursor.of("o300"));
    assertThat(first.elapsed()).isEqualTo(Duration.ofSeconds(150));

    List<SyncResult> runs = new ArrayList<>(List.of(first));
    while (runs.get(runs.size() - 1).stoppedBecause() == StopReason.BUDGET) {
      runs.add(sync(s).orThrow());
    }
    assertThat(runs).hasSize(4);
    assertThat(runs.stream().mapToLong(SyncResult::written).sum()).isEqualTo(1000);
    assertAllStored(s.items);
  }

  // ---- one writer per stream

  @Test
  void aSecondSyncOfTheSameStreamOnAnotherThreadIsRefused() throws Exception {
    ItemStream s = new ItemStream(items(250, 1), 100);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    s.beforeRead = n -> {
      if (n == 1) {
        reading.countDown();
        await(release);
      }
    };
    SyncEngine engine = engine().workerId("worker-a").build();
    CompletableFuture<SyncResult> first = CompletableFuture.supplyAsync(() -> engine.sync(context(CONN), s));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      assertThatThrownBy(() -> engine.sync(context(CONN), s))
          .isInstanceOf(StreamBusyException.class)
          .hasMessageStartingWith("stream 'items' of connection 'acme' is already being synced by worker-a#")
          .hasMessageEndingWith(" (lease until 2026-01-01T00:05:00Z); this run was refused. Retry when that run ends"
              + " or its lease expires");
    } finally {
      release.countDown();
    }
    assertThat(first.get(10, TimeUnit.SECONDS).orThrow().written()).isEqualTo(250);
    assertThat(s.reads.get()).isEqualTo(3);
    assertThat(sync(s).orThrow().pages()).isEqualTo(1);   // the lease was released
  }

  @Test
  void aSecondDatabaseInstanceOnTheSameDatabaseIsRefused() throws Exception {
    ItemStream s = new ItemStream(items(250, 1), 100);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    s.beforeRead = n -> {
      if (n == 1) {
        reading.countDown();
        await(release);
      }
    };
    try (Database other = target.open()) {
      SyncEngine a = engine().workerId("process-a").build();
      SyncEngine b = SyncEngine.builder(other).clock(clock).workerId("process-b").build();
      CompletableFuture<SyncResult> first = CompletableFuture.supplyAsync(() -> a.sync(context(CONN), s));
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      try {
        assertThatThrownBy(() -> b.sync(context(CONN), s))
            .isInstanceOf(StreamBusyException.class)
            .hasMessageContaining("is already being synced by process-a#");
        assertThat(b.sync(context("other-conn"), new ItemStream(items(5, 1), 100)).orThrow().written()).isEqualTo(5);
      } finally {
        release.countDown();
      }
      assertThat(first.get(10, TimeUnit.SECONDS).orThrow().written()).isEqualTo(250);
    }
  }

  @Test
  void theExpiredLeaseOfACrashedWorkerIsTakenOver() {
    assertThat(StreamLeases.acquire(db.dsl(), CONN, "items", "crashed#1", T0, T0.plus(Duration.ofMinutes(5)))).isTrue();
    ItemStream s = new ItemStream(items(10, 1), 100);
    assertThatThrownBy(() -> sync(s)).isInstanceOf(StreamBusyException.class).hasMessageContaining("by crashed#1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(sync(s).orThrow().written()).isEqualTo(10);
  }

  @Test
  void aRunWhoseLeaseWasTakenWritesNothingMore() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    s.beforeRead = n -> {
      if (n == 2) {
        clock.advance(Duration.ofMinutes(2));
        StreamLeases.acquire(db.dsl(), CONN, "items", "other#1", clock.instant(), clock.instant().plusSeconds(60));
      }
    };
    SyncResult r = engine().leaseDuration(Duration.ofMinutes(1)).build().sync(context(CONN), s);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.LEASE_LOST);
    assertThat(r.pages()).isEqualTo(1);
    assertThat(records.count(CONN, "items")).isEqualTo(100);
    assertThat(StreamLeases.holder(db.dsl(), CONN, "items").orElseThrow().value1()).isEqualTo("other#1");
  }

  @Test
  void aCursorMovedByAnotherWriterRollsThePageBack() {
    ItemStream s = new ItemStream(items(250, 1), 100);
    s.beforeRead = n -> {
      if (n == 2) {
        cursors.compareAndSet(CONN, "items", Optional.of(Cursor.of("o100")), Cursor.of("o999"));
      }
    };
    SyncResult r = sync(s);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.CURSOR_CONFLICT);
    assertThat(r.error().orElseThrow()).hasMessage("stream 'items' of connection 'acme', page 2 at cursor 'o100': the"
        + " stored cursor was moved by another writer (expected 'o100'); the page was rolled back. Rerun the sync to"
        + " continue from the stored cursor");
    assertThat(records.count(CONN, "items")).isEqualTo(100);
    assertThat(cursor()).contains(Cursor.of("o999"));
  }

  // ---- host sinks

  @Test
  void aHostSinkWritingThroughThePageTransactionCommitsOnlyWithTheCursor() throws Exception {
    db.dsl().execute("CREATE TABLE IF NOT EXISTS host_item (id VARCHAR(64) PRIMARY KEY, name VARCHAR(200))");
    db.dsl().execute("DELETE FROM host_item");
    Sink hostSink = (ctx, recs) -> {
      try (PreparedStatement ps = ctx.transaction().prepareStatement("INSERT INTO host_item (id, name) VALUES (?, ?)")) {
        for (MappedRecord r : recs) {
          ps.setString(1, r.externalId());
          ps.setString(2, ((Item) r.payload()).name());
          ps.addBatch();
        }
        ps.executeBatch();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      return new Sink.UpsertResult(recs.size(), 0, 0);
    };
    ItemStream s = new ItemStream(items(250, 1), 100);
    s.beforeRead = n -> {
      if (n == 3) {   // another writer moves the cursor: page 3's host rows must roll back with it
        cursors.compareAndSet(CONN, "items", Optional.of(Cursor.of("o200")), Cursor.of("o200-moved"));
      }
    };
    SyncResult r = engine().build().sync(context(CONN), s, SyncStart.incremental(), hostSink);
    assertThat(r.error().orElseThrow().kind()).isEqualTo(SyncException.Kind.CURSOR_CONFLICT);
    assertThat(db.dsl().fetchCount(org.jooq.impl.DSL.table("host_item"))).isEqualTo(200);
    assertThat(records.count(CONN, "items")).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
