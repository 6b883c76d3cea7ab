package dev.tributary.core.bench;

import static dev.tributary.core.db.generated.Tables.STREAM_CURSOR;
import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.core.db.Database;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Sync throughput of the engine against a hand-written raw loop, side by side in one run, on the
 * same loopback vendor data and the same database, for H2 (a file) and PostgreSQL. Not a test:
 * run it with {@code -Pbench} (see the core pom) or from an IDE.
 *
 * <pre>
 * ./mvnw -B -q -pl framework/core -am test-compile -Pbench -Dbench.args="--records 100000"
 * ./mvnw -B -q -pl framework/core -am test-compile -Pbench -Dbench.xmx=256m \
 *     -Dbench.args="--records 1000000 --db h2 --rounds 1 --engine-only"
 * </pre>
 *
 * Options: {@code --records N} (100000), {@code --db h2|postgres|both} (both), {@code --rounds R}
 * (3; raw and engine alternate, each side's best is compared), {@code --engine-only},
 * {@code --page-size P} (100), {@code --pg-url URL} (jdbc:postgresql://127.0.0.1:5432/test).
 */
public final class SyncBenchmark {

  /** One timed sync. */
  record Timing(String side, long records, long nanos) {
    double perSecond() {
      return records / (nanos / 1e9);
    }
  }

  /** Both sides' timings on one database. */
  record DbReport(String db, List<Timing> raw, List<Timing> engine) {
    double bestRaw() {
      return raw.stream().mapToDouble(Timing::perSecond).max().orElse(Double.NaN);
    }

    double bestEngine() {
      return engine.stream().mapToDouble(Timing::perSecond).max().orElse(Double.NaN);
    }

    double ratio() {
      return bestEngine() / bestRaw();
    }

    /** The median of the rounds' engine/raw ratios: steadier than best-vs-best on a busy machine. */
    double medianRoundRatio() {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(raw.size(), engine.size()); i++) {
        ratios.add(engine.get(i).perSecond() / raw.get(i).perSecond());
      }
      if (ratios.isEmpty()) {
        return Double.NaN;
      }
      ratios.sort(null);
      int n = ratios.size();
      return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    }
  }

  record Options(int records, List<String> dbs, int rounds, boolean engineOnly, int pageSize, String pgUrl, boolean warmup) {
    static Options parse(String... args) {
      int records = 100_000;
      List<String> dbs = List.of("h2", "postgres");
      int rounds = 3;
      boolean engineOnly = false;
      int pageSize = 100;
      String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--records" -> records = Integer.parseInt(args[++i]);
          case "--db" -> dbs = args[++i].equals("both") ? List.of("h2", "postgres") : List.of(args[i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--engine-only" -> engineOnly = true;
          case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
          case "--pg-url" -> pgUrl = args[++i];
          default -> throw new IllegalArgumentException("unknown option '" + args[i]
              + "'; use --records N, --db h2|postgres|both, --rounds R, --engine-only, --page-size P, --pg-url URL");
        }
      }
      return new Options(records, dbs, rounds, engineOnly, pageSize, pgUrl, true);
    }
  }

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.printf(Locale.ROOT, "Sync benchmark: %,d records, pages of %d, %d round(s), max heap %d MB%n",
        o.records(), o.pageSize(), o.rounds(), Runtime.getRuntime().maxMemory() >> 20);
    List<DbReport> reports = run(o);
    System.out.println();
    for (DbReport r : reports) {
      if (r.raw().isEmpty()) {
        System.out.printf(Locale.ROOT, "%-9s engine best %,.0f records/s%n", r.db(), r.bestEngine());
      } else {
        System.out.printf(Locale.ROOT, "%-9s raw best %,.0f records/s, engine best %,.0f records/s, ratio %.2fx"
            + " (median of round ratios %.2fx)%n", r.db(), r.bestRaw(), r.bestEngine(), r.ratio(), r.medianRoundRatio());
      }
    }
  }

  static List<DbReport> run(Options o) throws Exception {
    List<DbReport> reports = new ArrayList<>();
    try (VendorServer vendor = new VendorServer(o.records())) {
      for (String db : o.dbs()) {
        switch (db) {
          case "h2" -> {
            Path dir = Files.createTempDirectory("tributary-bench");
            reports.add(runOn("h2", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath(), "sa", vendor, o));
          }
          case "postgres" -> {
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection c = DriverManager.getConnection(o.pgUrl(), "postgres", ""); Statement s = c.createStatement()) {
              s.execute("CREATE SCHEMA " + schema);
            } catch (java.sql.SQLException e) {
              System.out.println("postgres: skipped, cannot connect to " + o.pgUrl() + " as postgres: " + e.getMessage());
              continue;
            }
            try {
              String url = o.pgUrl() + (o.pgUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
              reports.add(runOn("postgres", url, "postgres", vendor, o));
            } finally {
              try (Connection c = DriverManager.getConnection(o.pgUrl(), "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown database '" + db + "'; use h2, postgres or both");
        }
      }
    }
    return reports;
  }

  private static DbReport runOn(String name, String url, String user, VendorServer vendor, Options o) throws Exception {
    ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    HttpClient http = HttpClient.newHttpClient();
    ContactsStream stream = new ContactsStream(http, vendor.baseUri(), json, o.pageSize());
    List<Timing> raw = new ArrayList<>();
    List<Timing> engine = new ArrayList<>();
    try (Database db = Database.builder(url).user(user).password("").open()) {
      SyncEngine syncEngine = SyncEngine.builder(db).driftMapper(json).build();
      if (o.warmup()) {
        // One untimed pass of each side first: JIT, pools and the database's caches warm alike.
        timeEngine(db, syncEngine, stream, "warmup", Integer.MAX_VALUE);
        if (!o.engineOnly()) {
          timeRaw(db, url, user, vendor, o, "warmup", Long.MAX_VALUE);
        }
      }
      for (int round = 1; round <= o.rounds(); round++) {
        if (!o.engineOnly()) {
          raw.add(report(name, round, timeRaw(db, url, user, vendor, o, "raw", Long.MAX_VALUE)));
        }
        engine.add(report(name, round, timeEngine(db, syncEngine, stream, "engine", Integer.MAX_VALUE)));
      }
      // A full resync of what the last round stored: every record unchanged, nothing written.
      long start = System.nanoTime();
      long unchanged = 0;
      SyncResult r = syncEngine.sync(context(), stream, SyncStart.full()).orThrow();
      unchanged += r.unchanged();
      while (r.stoppedBecause() == SyncResult.StopReason.BUDGET) {
        r = syncEngine.sync(context(), stream).orThrow();
        unchanged += r.unchanged();
      }
      report(name, 0, new Timing("resync", unchanged, System.nanoTime() - start));
    }
    return new DbReport(name, raw, engine);
  }

  private static Timing report(String db, int round, Timing t) {
    System.out.printf(Locale.ROOT, "%-9s round %d %-6s %,9d records in %6.2f s = %,8.0f records/s%n",
        db, round, t.side(), t.records(), t.nanos() / 1e9, t.perSecond());
    return t;
  }

  private static void clear(Database db) {
    db.dsl().truncate(STREAM_RECORD).execute();
    db.dsl().truncate(STREAM_CURSOR).execute();
  }

  private static Timing timeRaw(Database db, String url, String user, VendorServer vendor, Options o, String side,
      long limit) throws Exception {
    clear(db);
    long start = System.nanoTime();
    long n = RawLoop.run(url, user, vendor.baseUri(), "bench", o.pageSize(), limit);
    return new Timing(side, n, System.nanoTime() - start);
  }

  private static StreamContext context() {
    return new StreamContext() {
      public String connectionId() {
        return "bench";
      }

      public Map<String, String> options() {
        return Map.of();
      }
    };
  }

  private static Timing timeEngine(Database db, SyncEngine engine, ContactsStream stream, String side, int maxRecords) {
    clear(db);
    StreamContext ctx = context();
    long start = System.nanoTime();
    long n = 0;
    SyncResult r;
    do {
      r = engine.sync(ctx, stream).orThrow();   // a BUDGET stop is continued, as a queue would
      n += r.written();
    } while (r.stoppedBecause() == SyncResult.StopReason.BUDGET && n < maxRecords);
    return new Timing(side, n, System.nanoTime() - start);
  }
}
