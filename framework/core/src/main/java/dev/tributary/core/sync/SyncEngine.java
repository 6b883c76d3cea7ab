package dev.tributary.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.DriftPolicy;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Sink;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.core.db.Database;
import dev.tributary.core.store.DbCursorStore;
import dev.tributary.core.json.Json;
import dev.tributary.core.store.RecordTableSink;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Syncs one stream of one connection incrementally, page by page, into a {@link Sink}.
 *
 * <p>A run takes the stream's lease (a row in the database with an expiry, so it holds across
 * processes; a second run is refused with {@link StreamBusyException}), loads the stored cursor,
 * and then for each page: reads it (through the {@link ReadHook}), checks schema drift, maps every
 * item, and in <b>one transaction</b> renews the lease (when a third of it has passed), hands the
 * records to the sink and moves the cursor by compare-and-set. A page is thus the unit of progress: a crash or error anywhere leaves
 * the cursor on the last committed page with exactly that page's records, and a rerun continues
 * there. Rerunning a page is harmless with the default sink (unchanged records are not rewritten).
 *
 * <p>Cursor moves follow {@link Page}: to {@code next} while pages follow; after the last page to
 * its {@code resumeFrom}, else to the cursor that read it. A vendor cursor this run already read
 * stops the run ({@link SyncException.Kind#CURSOR_CYCLE}) instead of looping.
 *
 * <p><b>Host sinks.</b> A host may pass its own {@link Sink}. When it writes through
 * {@link Sink.SinkContext#transaction()} (the JDBC connection of the page's transaction, on this
 * engine's database: do not commit, roll back or close it) its rows commit or roll back together
 * with the cursor, so the guarantees above hold for it too. A sink writing anywhere else must be
 * idempotent: after a crash between its write and the commit, the page is delivered again.
 *
 * <p>A run stops between pages once its time budget is spent ({@link SyncResult.StopReason#BUDGET});
 * a queue continues it with another {@link SyncStart#incremental()} run. Failures do not throw: the
 * result says {@link SyncResult.StopReason#ERROR} and carries the {@link SyncException}.
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder(db).readHook(http::routeTo).build();
 * SyncResult r = engine.sync(context, contactsStream);          // incremental, record table
 * engine.sync(context, contactsStream, SyncStart.full(), hostSink);
 * }</pre>
 *
 * Thread-safe: one engine serves every connection and stream.
 */
public final class SyncEngine {

  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);
  private static final AtomicLong RUNS = new AtomicLong();
  /** The schema's size for connection ids. */
  private static final int MAX_ID = 64;

  private final Database db;
  private final Clock clock;
  private final Duration budget;
  private final Duration leaseDuration;
  private final ReadHook readHook;
  private final ObjectMapper driftMapper;
  private final Sink defaultSink;
  private final String workerId;
  private final DbCursorStore cursors;

  private SyncEngine(Builder b) {
    this.db = b.db;
    this.clock = b.clock;
    this.budget = b.budget;
    this.leaseDuration = b.leaseDuration;
    this.readHook = b.readHook;
    this.driftMapper = b.driftMapper;
    this.defaultSink = b.sink != null ? b.sink : new RecordTableSink(b.db, Json.canonical(), b.clock);
    this.workerId = b.workerId;
    this.cursors = new DbCursorStore(b.db, b.clock);
  }

  /** Starts configuring an engine over {@code db}. */
  public static Builder builder(Database db) {
    return new Builder(db);
  }

  /** An incremental run into the default sink. */
  public <T> SyncResult sync(StreamContext context, Stream<T> stream) {
    return sync(context, stream, SyncStart.incremental(), defaultSink);
  }

  /** A run from {@code start} into the default sink. */
  public <T> SyncResult sync(StreamContext context, Stream<T> stream, SyncStart start) {
    return sync(context, stream, start, defaultSink);
  }

  /**
   * A run from {@code start} into {@code sink}.
   *
   * @throws StreamBusyException when another run holds the stream's lease; nothing was read
   */
  public <T> SyncResult sync(StreamContext context, Stream<T> stream, SyncStart start, Sink sink) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(sink, "sink");
    String connectionId = Objects.requireNonNull(context.connectionId(), "context.connectionId()");
    if (connectionId.isEmpty() || connectionId.length() > MAX_ID) {
      throw new IllegalArgumentException("connection id must be 1-" + MAX_ID + " characters, was " + connectionId.length());
    }
    Run<T> run = new Run<>(context, stream, sink, workerId + "#" + RUNS.incrementAndGet());
    // Every log line and vendor call of the run names its connection and stream.
    String previousConnection = MDC.get(MDC_CONNECTION);
    String previousStream = MDC.get(MDC_STREAM);
    MDC.put(MDC_CONNECTION, run.connectionId);
    MDC.put(MDC_STREAM, run.name);
    try {
      return run.execute(start);
    } finally {
      restore(MDC_CONNECTION, previousConnection);
      restore(MDC_STREAM, previousStream);
    }
  }

  /** The MDC key of the connection a sync run reads for. */
  public static final String MDC_CONNECTION = "connection";

  /** The MDC key of the stream a sync run reads. */
  public static final String MDC_STREAM = "stream";

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  /** One run's state; confined to the calling thread. */
  private final class Run<T> {
    final StreamContext context;
    final Stream<T> stream;
    final Sink sink;
    final String holder;
    final String connectionId;
    final String name;
    final Instant startedAt;
    int pages;
    long written;
    long unchanged;
    long stale;
    int driftWarnings;
    Optional<Cursor> stored = Optional.empty();
    Instant leaseRenewedAt;

    Run(StreamContext context, Stream<T> stream, Sink sink, String holder) {
      this.context = context;
      this.stream = stream;
      this.sink = sink;
      this.holder = holder;
      this.connectionId = Objects.requireNonNull(context.connectionId(), "context.connectionId()");
      this.name = Objects.requireNonNull(stream.spec(), "stream.spec()").name();
      this.startedAt = clock.instant();
      this.leaseRenewedAt = startedAt;
    }

    SyncResult execute(SyncStart start) {
      if (!StreamLeases.acquire(db.dsl(), connectionId, name, holder, startedAt, startedAt.plus(leaseDuration))) {
        String who = StreamLeases.holder(db.dsl(), connectionId, name)
            .map(r -> " by " + r.value1() + " (lease until " + r.value2().toInstant() + ")")
            .orElse("");
        throw new StreamBusyException("stream '" + name + "' of connection '" + connectionId + "' is already being synced"
            + who + "; this run was refused. Retry when that run ends or its lease expires");
      }
      try {
        stored = cursors.load(db.dsl(), connectionId, name);
        Cursor first = start.from().orElse(stored.orElse(Cursor.START));
        long runId = SyncHistory.start(db.dsl(), connectionId, name, startedAt, first);
        SyncResult.StopReason reason;
        SyncException error = null;
        try {
          reason = pages(first);
        } catch (SyncException e) {
          reason = SyncResult.StopReason.ERROR;
          error = e;
        }
        SyncResult result = new SyncResult(connectionId, name, runId, pages, written, unchanged, stale, driftWarnings, reason,
            stored, Optional.ofNullable(error), Duration.between(startedAt, clock.instant()));
        SyncHistory.finish(db.dsl(), result, clock.instant());
        log(result);
        return result;
      } finally {
        try {
          StreamLeases.release(db.dsl(), connectionId, name, holder);
        } catch (RuntimeException e) {
          // The lease expires by itself; a failed release must not hide the run's own outcome.
          log.warn("could not release the lease of stream '{}' of connection '{}': {}", name, connectionId, e.toString());
        }
      }
    }

    private SyncResult.StopReason pages(Cursor first) {
      Cursor cursor = first;
      Set<String> seen = new HashSet<>();
      seen.add(cursor.value());
      while (true) {
        Page<T> page = read(cursor);
        Cursor target;
        if (page.next().isPresent()) {
          Cursor next = page.next().get();
          if (seen.contains(next.value())) {
            throw fail(SyncException.Kind.CURSOR_CYCLE, cursor, "the vendor returned next cursor '" + next.value()
                + "', which this run already read" + (next.equals(cursor) ? " (it is the page's own cursor)" : "")
                + "; stopping instead of looping. The page was not written. Check the stream's paging", null);
          }
          target = next;
        } else {
          target = page.resumeFrom().orElse(cursor);
        }
        List<MappedRecord> records = map(page, cursor);
        commit(records, cursor, target);
        pages++;
        if (page.isLast()) {
          return SyncResult.StopReason.DONE;
        }
        cursor = target;
        seen.add(cursor.value());
        if (Duration.between(startedAt, clock.instant()).compareTo(budget) >= 0) {
          return SyncResult.StopReason.BUDGET;
        }
      }
    }

    @SuppressWarnings("unchecked")
    private Page<T> read(Cursor cursor) {
      Page<?> page;
      try {
        page = readHook.around(context, () -> stream.read(context, cursor));
      } catch (Exception e) {
        throw fail(SyncException.Kind.READ_FAILED, cursor, "reading the page failed: " + describe(e), e);
      }
      if (page == null) {
        throw fail(SyncException.Kind.READ_FAILED, cursor, "the stream returned no page (null)", null);
      }
      return (Page<T>) page;
    }

    private List<MappedRecord> map(Page<T> page, Cursor cursor) {
      DriftCheck drift;
      try {
        drift = DriftCheck.of(stream.spec(), page.items(), driftMapper);
      } catch (RuntimeException e) {
        throw fail(SyncException.Kind.SCHEMA_DRIFT, cursor, "the page's items could not be inspected for drift: "
            + e.getClass().getSimpleName(), e);
      }
      if (!drift.isEmpty()) {
        if (stream.spec().driftPolicy() == DriftPolicy.FAIL) {
          throw fail(SyncException.Kind.SCHEMA_DRIFT, cursor, "schema drift: " + drift.describe()
              + ". The drift policy is FAIL, so the page was not written and the cursor not moved; declare the"
              + " field in the stream's StreamSpec or set DriftPolicy.WARN", null);
        }
        driftWarnings += drift.findings();
        log.warn("schema drift in stream '{}' of connection '{}', page at cursor '{}': {}", name, connectionId,
            cursor.value(), drift.describe());
      }
      Mapper<T> mapper = stream.mapper();
      List<MappedRecord> records = new ArrayList<>(page.items().size());
      int i = 0;
      for (T item : page.items()) {
        MappedRecord r;
        try {
          r = mapper.map(item);
        } catch (RuntimeException e) {
          if (!stream.spec().personalFields().isEmpty()) {
            // A mapper's message often quotes the value it rejected, which may be personal data.
            throw fail(SyncException.Kind.MAPPING_FAILED, cursor, "the mapper failed on item " + i + " of the page: "
                + e.getClass().getSimpleName() + " (message withheld: the stream declares personal fields)", withheld(e));
          }
          throw fail(SyncException.Kind.MAPPING_FAILED, cursor, "the mapper failed on item " + i + " of the page: "
              + describe(e), e);
        }
        if (r == null) {
          throw fail(SyncException.Kind.MAPPING_FAILED, cursor, "the mapper returned null for item " + i + " of the page", null);
        }
        records.add(r);
        i++;
      }
      return records;
    }

    private void commit(List<MappedRecord> records, Cursor cursor, Cursor target) {
      Sink.UpsertResult counts;
      Instant[] renewedAt = {null};
      try {
        counts = db.inTransaction((connection, tx) -> {
          // Renewed once a third of the lease has passed, not every page: the cursor's compare-and-set
          // already stops a second writer from committing over this run, so the lease only has to
          // keep other workers from starting needless runs.
          Instant now = clock.instant();
          if (Duration.between(leaseRenewedAt, now).compareTo(leaseDuration.dividedBy(3)) >= 0) {
            if (!StreamLeases.renew(tx, connectionId, name, holder, now.plus(leaseDuration))) {
              throw fail(SyncException.Kind.LEASE_LOST, cursor, "this run's lease expired and another worker took the"
                  + " stream; the page was not written. Raise the lease duration above the slowest page", null);
            }
            renewedAt[0] = now;
          }
          Sink.UpsertResult c = sink.upsert(new PageContext(connectionId, name, connection), records);
          if (c == null) {
            throw new IllegalStateException("sink " + sink.getClass().getName() + " returned no UpsertResult");
          }
          if (!cursors.compareAndSet(connection, connectionId, name, stored, target)) {
            throw fail(SyncException.Kind.CURSOR_CONFLICT, cursor, "the stored cursor was moved by another writer"
                + " (expected " + stored.map(x -> "'" + x.value() + "'").orElse("none") + "); the page was rolled back."
                + " Rerun the sync to continue from the stored cursor", null);
          }
          return c;
        });
      } catch (SyncException e) {
        throw e;
      } catch (RuntimeException e) {
        throw fail(SyncException.Kind.WRITE_FAILED, cursor, "writing the page failed: " + describe(e), e);
      }
      stored = Optional.of(target);
      if (renewedAt[0] != null) {
        leaseRenewedAt = renewedAt[0];
      }
      written += counts.written();
      unchanged += counts.unchanged();
      stale += counts.stale();
    }

    private SyncException fail(SyncException.Kind kind, Cursor cursor, String what, Throwable cause) {
      return new SyncException(kind, "stream '" + name + "' of connection '" + connectionId + "', page "
          + (pages + 1) + " at cursor '" + cursor.value() + "': " + what, cause);
    }

    private void log(SyncResult r) {
      if (r.error().isPresent()) {
        log.warn("sync {}/{} stopped: {}", connectionId, name, r.error().get().getMessage());
      }
      log.info("sync {}/{} {}: pages={} written={} unchanged={} stale={} driftWarnings={} cursor='{}' in {} ms",
          connectionId, name, r.stoppedBecause(), r.pages(), r.written(), r.unchanged(), r.stale(), r.driftWarnings(),
          r.cursor().map(Cursor::value).orElse(""), r.elapsed().toMillis());
    }
  }

  /** A stand-in for {@code e} with its class and stack trace but no message, causes neither. */
  private static Throwable withheld(Throwable e) {
    RuntimeException w = new RuntimeException(e.getClass().getName() + " (message withheld: may hold personal data)");
    w.setStackTrace(e.getStackTrace());
    return w;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private record PageContext(String connectionId, String stream, Connection transaction) implements Sink.SinkContext {}

  /** Configures a {@link SyncEngine}. Not thread-safe; each {@link #build()} is independent. */
  public static final class Builder {
    private final Database db;
    private Clock clock = Clock.systemUTC();
    private Duration budget = Duration.ofSeconds(120);
    private Duration leaseDuration = Duration.ofMinutes(5);
    private ReadHook readHook = ReadHook.DIRECT;
    private ObjectMapper driftMapper = Json.canonical();
    private Sink sink;
    private String workerId = defaultWorkerId();

    private Builder(Database db) {
      this.db = Objects.requireNonNull(db, "db");
    }

    /** The clock for budgets, leases and timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long one run may read before it stops between pages. Default 120 s. @throws IllegalArgumentException unless positive */
    public Builder budget(Duration budget) {
      this.budget = positive(budget, "budget");
      return this;
    }

    /**
     * How long a stream's lease lasts without renewal (renewed with the first page after a third of
     * it has passed), so how long
     * a crashed worker blocks the stream. Must exceed the slowest page. Default 5 minutes.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder leaseDuration(Duration d) {
      this.leaseDuration = positive(d, "leaseDuration");
      return this;
    }

    /** Runs around each page read; default {@link ReadHook#DIRECT}. */
    public Builder readHook(ReadHook hook) {
      this.readHook = Objects.requireNonNull(hook, "readHook");
      return this;
    }

    /**
     * The mapper that turns vendor items into JSON trees for drift checks; use the one that reads
     * the vendor's JSON so field names match. Default {@link Json#canonical()}.
     */
    public Builder driftMapper(ObjectMapper mapper) {
      this.driftMapper = Objects.requireNonNull(mapper, "driftMapper");
      return this;
    }

    /** The sink of runs that name none; default the record table ({@link RecordTableSink}). */
    public Builder defaultSink(Sink sink) {
      this.sink = Objects.requireNonNull(sink, "defaultSink");
      return this;
    }

    /** This worker's name in leases, e.g. host and process id. @throws IllegalArgumentException if blank or over 96 characters */
    public Builder workerId(String id) {
      Objects.requireNonNull(id, "workerId");
      if (id.isBlank() || id.length() > 96) {
        throw new IllegalArgumentException("workerId must be 1-96 characters and not blank, was '" + id + "'");
      }
      this.workerId = id;
      return this;
    }

    public SyncEngine build() {
      return new SyncEngine(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }

    private static String defaultWorkerId() {
      String jvm = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
      String id = jvm + "/" + UUID.randomUUID().toString().substring(0, 8);
      return id.length() > 96 ? id.substring(0, 96) : id;
    }
  }
}
