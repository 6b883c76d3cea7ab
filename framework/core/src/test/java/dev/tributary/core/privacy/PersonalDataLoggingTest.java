package dev.tributary.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.DriftPolicy;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.db.Database;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.credential.LogCapture;
import dev.tributary.core.store.RecordStore;
import dev.tributary.core.store.RecordTableSink;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A canary email pushed through every path that logs or throws shows up nowhere. */
class PersonalDataLoggingTest {

  static final String CANARY = "canary.7f3a+pii@example.org";

  @Test
  void aCanaryEmailAppearsInNoLogLineAndNoExceptionMessageThroughSyncDriftMappingErrorsAndDebugLogging() {
    List<String> messages = new ArrayList<>();
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Map<String, Level> before = new LinkedHashMap<>();
    for (String name : List.of("dev.tributary", "org.jooq", "com.zaxxer.hikari", "org.flywaydb")) {
      before.put(name, ctx.getLogger(name).getLevel());
      ctx.getLogger(name).setLevel(Level.DEBUG);
    }
    try (LogCapture logs = LogCapture.start(); TestDatabases.Target target = TestDatabases.h2(); Database db = target.open()) {
      PersonalData personal = PersonalDataContract.personal(
          KeyService.builder().activeKey("pd-1", PersonalDataContract.randomKey()).build());
      SyncEngine engine = SyncEngine.builder(db)
          .defaultSink(new RecordTableSink(db, PersonalDataContract.JSON, java.time.Clock.systemUTC(), personal)).build();
      List<Map<String, Object>> items = new ArrayList<>(PeopleStream.people(5));
      items.set(2, PeopleStream.person(2, CANARY));

      // 1. an ordinary sync, and reading the record back through the API
      SyncResult ok = engine.sync(PersonalDataContract.CONTEXT, new PeopleStream(items, 2), SyncStart.full());
      messages.add(String.valueOf(ok));
      assertThat(ok.written()).isEqualTo(5);
      var stored = new RecordStore(db, personal).find(PersonalDataContract.CONN, "contacts", "c1002").orElseThrow();
      assertThat(stored.payloadJson()).contains(CANARY); // the API returns it to code that asks
      messages.add(stored.toString());
      LoggerFactory.getLogger(PersonalDataLoggingTest.class).debug("read back {}", stored);
      messages.add(MappedRecord.of("c1002", java.time.Instant.EPOCH, items.get(2)).toString());

      // 2. schema drift: the canary in an undeclared field, policy FAIL
      Map<String, Object> drifted = PeopleStream.person(9, "x9@example.com");
      drifted.put("secondary_email", CANARY);
      SyncResult drift = engine.sync(PersonalDataContract.CONTEXT,
          respec(new PeopleStream(List.of(drifted), 2), DriftPolicy.FAIL), SyncStart.full());
      assertThat(drift.error()).isPresent();
      assertThat(drift.error().get().getMessage()).contains("unknown field 'secondary_email'");
      collect(drift.error().get(), messages);

      // 3. drift with policy WARN logs a warning
      engine.sync(PersonalDataContract.CONTEXT, respec(new PeopleStream(List.of(drifted), 2), DriftPolicy.WARN),
          SyncStart.full());

      // 4. a mapper that quotes the value it rejects
      PeopleStream failing = new PeopleStream(items, 10);
      failing.mapper = item -> {
        throw new IllegalArgumentException("not a valid email: " + ((Map<?, ?>) item.get("properties")).get("email"));
      };
      SyncResult mapped = engine.sync(PersonalDataContract.CONTEXT, failing, SyncStart.full());
      assertThat(mapped.error()).isPresent();
      assertThat(mapped.error().get().getMessage()).contains("the mapper failed on item 0 of the page:"
          + " IllegalArgumentException (message withheld: the stream declares personal fields)");
      collect(mapped.error().get(), messages);
      LoggerFactory.getLogger(PersonalDataLoggingTest.class).warn("sync failed", mapped.error().get());

      // 5. erasure of the canary
      ErasureReport erased = new PersonalDataService(db, personal, java.time.Clock.systemUTC())
          .erase(PersonalDataContract.CONN, CANARY);
      assertThat(erased.removed()).isEqualTo(1);
      messages.add(erased.toString());

      String everything = logs.rawText() + "\n" + logs.text() + "\n" + String.join("\n", messages);
      assertThat(everything).contains("sync acme-crm/contacts", "unknown field 'secondary_email'", "message withheld");
      assertThat(Pattern.compile(Pattern.quote(CANARY), Pattern.CASE_INSENSITIVE).matcher(everything).results().count())
          .isZero();
    } finally {
      before.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
    }
  }

  private static void collect(Throwable e, List<String> into) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      into.add(t.toString());
      for (StackTraceElement s : t.getStackTrace()) {
        into.add(s.toString());
      }
    }
  }

  /** The stream with another drift policy (and the same personal fields). */
  private static Stream<Map<String, Object>> respec(PeopleStream s, DriftPolicy policy) {
    StreamSpec.Builder b = StreamSpec.builder("contacts").requiredFields("id", "updatedAt")
        .expectedFields("properties", "billing_details", "emails", "archived").driftPolicy(policy);
    PeopleStream.SPEC.personalFields().forEach(f -> b.personal(f.path(), f.classification()));
    StreamSpec spec = b.build();
    return new Stream<>() {
      public StreamSpec spec() {
        return spec;
      }

      public Mapper<Map<String, Object>> mapper() {
        return s.mapper();
      }

      public Page<Map<String, Object>> read(StreamContext context, Cursor cursor) {
        return s.read(context, cursor);
      }
    };
  }
}
