package dev.tributary.core.sync;

import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Sink;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** A fake vendor stream, contexts and fault-injecting sinks for the engine suite. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  /** A vendor item. */
  record Item(String id, Instant updatedAt, String name, boolean deleted) {
    static Item of(int i, int version) {
      return new Item("item-" + i, T0.plusSeconds(version * 60L), "name " + i + " v" + version, false);
    }
  }

  static List<Item> items(int n, int version) {
    List<Item> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(Item.of(i, version));
    }
    return list;
  }

  static StreamContext context(String connectionId) {
    return new StreamContext() {
      public String connectionId() {
        return connectionId;
      }

      public Map<String, String> options() {
        return Map.of();
      }
    };
  }

  /**
   * An in-memory vendor collection paged by offset ({@code o100}). {@link #beforeRead} runs before
   * each read with its 1-based number and may throw to simulate a failed vendor call.
   */
  static final class ItemStream implements Stream<Item> {
    volatile List<Item> items;
    final int pageSize;
    StreamSpec spec = StreamSpec.builder("items").build();
    Mapper<Item> mapper = i -> new MappedRecord(i.id(), i.updatedAt(), i, i.deleted());
    volatile IntConsumer beforeRead = n -> {};
    final AtomicInteger reads = new AtomicInteger();

    ItemStream(List<Item> items, int pageSize) {
      this.items = items;
      this.pageSize = pageSize;
    }

    @Override
    public StreamSpec spec() {
      return spec;
    }

    @Override
    public Mapper<Item> mapper() {
      return mapper;
    }

    @Override
    public Page<Item> read(StreamContext context, Cursor cursor) {
      beforeRead.accept(reads.incrementAndGet());
      List<Item> all = items;
      int from = cursor.isStart() ? 0 : Integer.parseInt(cursor.value().substring(1));
      int to = Math.min(all.size(), from + pageSize);
      List<Item> page = all.subList(Math.min(from, to), to);
      return to < all.size() ? Page.of(page, Cursor.of("o" + to)) : Page.last(page);
    }
  }

  /** Delegates, and on its Nth call throws after the delegate wrote the page (a crash mid-page). */
  static final class CrashingSink implements Sink {
    final Sink delegate;
    final int crashOnCall;
    final AtomicInteger calls = new AtomicInteger();

    CrashingSink(Sink delegate, int crashOnCall) {
      this.delegate = delegate;
      this.crashOnCall = crashOnCall;
    }

    @Override
    public UpsertResult upsert(SinkContext context, List<MappedRecord> records) {
      UpsertResult r = delegate.upsert(context, records);
      if (calls.incrementAndGet() == crashOnCall) {
        throw new IllegalStateException("injected crash after writing " + records.size() + " records");
      }
      return r;
    }
  }
}
