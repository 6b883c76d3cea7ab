package dev.tributary.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.Action;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.db.Database;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.json.Json;
import dev.tributary.core.sync.SyncEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in job kinds against the real engine and queue on H2. */
class JobHandlersTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  TestDatabases.Target target;
  Database db;
  MutableClock clock;
  JobQueue queue;

  @BeforeEach
  void open() {
    target = TestDatabases.h2();
    db = target.open();
    clock = new MutableClock(T0);
    queue = JobQueue.builder(db).clock(clock).backoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0)).build();
  }

  @AfterEach
  void close() {
    db.close();
    target.close();
  }

  /** Five pages of two contacts; each read takes a second of the fake clock. */
  final class Contacts implements Stream<Map<String, Object>> {
    final List<String> reads = new CopyOnWriteArrayList<>();

    public StreamSpec spec() {
      return StreamSpec.builder("contacts").expectedFields("id", "name").build();
    }

    public Mapper<Map<String, Object>> mapper() {
      return item -> MappedRecord.of((String) item.get("id"), T0, item);
    }

    public Page<Map<String, Object>> read(StreamContext context, Cursor cursor) {
      reads.add(cursor.value());
      clock.advance(Duration.ofSeconds(1));
      int page = cursor.equals(Cursor.START) ? 0 : Integer.parseInt(cursor.value());
      List<Map<String, Object>> items = List.of(Map.of("id", "c" + (2 * page), "name", "n"),
          Map.of("id", "c" + (2 * page + 1), "name", "n"));
      return page == 4 ? Page.done(items, Cursor.of("4")) : Page.of(items, Cursor.of(Integer.toString(page + 1)));
    }
  }

  record Ctx(String connectionId, Map<String, String> options) implements StreamContext {}

  @Test
  void aSyncThatSpendsItsBudgetEnqueuesItsContinuationUntilTheStreamIsDone() {
    Contacts contacts = new Contacts();
    SyncEngine engine = SyncEngine.builder(db).clock(clock).budget(Duration.ofSeconds(2)).build();
    WorkerPool pool = WorkerPool.builder(queue)
        .handler(new SyncJobHandler(engine, (connection, stream) -> new SyncTargets.Target(new Ctx(connection, Map.of()), contacts)))
        .build();
    long first = queue.enqueue(SyncJobHandler.request("acme", "contacts", false).correlationId("cron-1").build()).jobId();

    assertThat(pool.runOnce()).isEqualTo(1);
    List<JobQueue.JobView> next = queue.jobs(SyncJobHandler.KIND, 10);
    assertThat(next).singleElement().satisfies(j -> {
      assertThat(j.dedupeKey()).contains("sync:acme:contacts:after:" + first);
      assertThat(j.correlationId()).contains("cron-1");
    });
    assertThat(pool.drain()).isEqualTo(2);

    assertThat(contacts.reads).containsExactly("", "1", "2", "3", "4");
    assertThat(((Number) db.dsl().fetchValue("SELECT count(*) FROM stream_record")).intValue()).isEqualTo(10);
    assertThat(((Number) db.dsl().fetchValue("SELECT count(*) FROM sync_run")).intValue()).isEqualTo(3);
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));
  }

  @Test
  void aRetriedActionHandsTheVendorTheSameIdempotencyKeySoItWritesOnce() {
    Map<String, String> vendorWrites = new ConcurrentHashMap<>(); // the vendor's idempotency store
    List<String> keysSent = new CopyOnWriteArrayList<>();
    record Contact(String email) {}
    Action<Contact, String> upsert = new Action<>() {
      public String name() {
        return "upsert-contact";
      }

      public Class<Contact> inputType() {
        return Contact.class;
      }

      public String execute(ActionContext context, Contact input) {
        keysSent.add(context.idempotencyKey());
        boolean firstTime = vendorWrites.putIfAbsent(context.idempotencyKey(), input.email()) == null;
        if (firstTime && keysSent.size() == 1) {
          throw new IllegalStateException("read timed out"); // the write landed, the answer was lost
        }
        return "ok";
      }
    };
    WorkerPool pool = WorkerPool.builder(queue)
        .handler(new ActionJobHandler((connection, name) -> name.equals("upsert-contact") ? Optional.of(upsert) : Optional.empty()))
        .build();
    queue.enqueue(ActionJobHandler.request("acme", "upsert-contact", new Contact("a@example.com")).build());

    assertThat(pool.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(pool.runOnce()).isEqualTo(1);

    assertThat(keysSent).hasSize(2).containsOnly(keysSent.get(0));
    assertThat(vendorWrites).hasSize(1).containsValue("a@example.com");
    assertThat(queue.stats()).isEqualTo(new JobQueue.Stats(0, 0, 0));

    queue.enqueue(ActionJobHandler.request("acme", "delete-everything", Map.of()).build());
    pool.runOnce();
    assertThat(queue.deadLetters(1)).extracting(DeadLetter::lastError)
        .containsExactly("PermanentJobException: connection 'acme' has no action 'delete-everything'");
  }

  @Test
  void webhookEventsReachTheProcessorOnceWhileQueuedAndCarryTheirCorrelationId() {
    List<WebhookEvent> seen = new ArrayList<>();
    WorkerPool pool = WorkerPool.builder(queue).handler(new WebhookEventJobHandler(seen::add)).build();
    JsonNode body = Json.canonical().createObjectNode().put("id", "cus_1");

    JobQueue.Enqueued a = queue.enqueue(WebhookEventJobHandler.request("acme", "evt_1", "customer.updated", body)
        .correlationId("hook-9").build());
    JobQueue.Enqueued redelivered = queue.enqueue(WebhookEventJobHandler.request("acme", "evt_1", "customer.updated", body)
        .build());
    assertThat(redelivered).isEqualTo(new JobQueue.Enqueued(a.jobId(), false));
    assertThat(pool.drain()).isEqualTo(1);

    assertThat(seen).containsExactly(new WebhookEvent("acme", "evt_1", "customer.updated", body, Optional.of("hook-9")));
  }
}
