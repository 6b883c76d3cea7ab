package dev.tributary.benchmarks.sync;

import static dev.tributary.core.db.generated.Tables.STREAM_CURSOR;
import static dev.tributary.core.db.generated.Tables.STREAM_RECORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.benchmarks.Probe;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.db.Database;
import dev.tributary.core.http.Authenticators;
import dev.tributary.core.http.ConnectionHandle;
import dev.tributary.core.http.CurrentConnection;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * End-to-end sync throughput, side by side in one run on the same loopback vendor data and the same
 * database: Tributary (SyncEngine + the Feign pipeline) against the hand-written raw loop
 * ({@link RawLoop}) and an Apache Camel route ({@link CamelLoop}), on H2 (a file) and PostgreSQL.
 * Each run starts from empty tables and syncs every record; the sides alternate within a round, and
 * every run reports records/s, process CPU, GC time and heap ({@link Probe}). Run it through
 * {@link dev.tributary.benchmarks.RunAll} or on its own:
 *
 * <pre>
 * java -cp "$(cat framework/benchmarks/target/bench.cp)" dev.tributary.benchmarks.sync.SyncBenchmark --records 100000
 * </pre>
 *
 * Options: {@code --records N} (100000), {@code --db h2|postgres|both} (both), {@code --rounds R}
 * (3), {@code --sides raw,tributary,camel} (all three), {@code --page-size P} (100),
 * {@code --throttle-every K} (every K-th request answered 429; 100), {@code --retry-after S}
 * (the 429's Retry-After in seconds; 0), {@code --pg-url URL} (jdbc:postgresql://127.0.0.1:5432/test),
 * {@code --no-warmup}.
 */
public final class SyncBenchmark {

  public static final String RAW = "raw";
  public static final String TRIBUTARY = "tributary";
  public static final String CAMEL = "camel";

  /** Every side's runs on one database, in round order. */
  public record DbReport(String db, Map<String, List<Probe.Cost>> runs) {

    public List<Probe.Cost> of(String side) {
      return runs.getOrDefault(side, List.of());
    }

    /** The median of the rounds' {@code side}/{@code base} throughput ratios: steadier than best against best. */
    public double medianRatio(String side, String base) {
      List<Double> ratios = new ArrayList<>();
      List<Probe.Cost> a = of(side);
      List<Probe.Cost> b = of(base);
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        ratios.add(a.get(i).perSecond() / b.get(i).perSecond());
      }
      return SyncBenchmark.median(ratios);
    }

    /** The run with the median throughput of {@code side}. */
    public Probe.Cost median(String side) {
      List<Probe.Cost> sorted = new ArrayList<>(of(side));
      sorted.sort((x, y) -> Double.compare(x.perSecond(), y.perSecond()));
      return sorted.get(sorted.size() / 2);
    }
  }

  /** Parsed options. */
  public record Options(int records, List<String> dbs, int rounds, List<String> sides, int pageSize,
      int throttleEvery, int retryAfter, String pgUrl, boolean warmup) {

    public static Options parse(String... args) {
      int records = 100_000;
      List<String> dbs = List.of("h2", "postgres");
      int rounds = 3;
      List<String> sides = List.of(RAW, TRIBUTARY, CAMEL);
      int pageSize = 100;
      int throttleEvery = 100;
      int retryAfter = 0;
      String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
      boolean warmup = true;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--records" -> records = Integer.parseInt(args[++i]);
          case "--db" -> dbs = args[++i].equals("both") ? List.of("h2", "postgres") : List.of(args[i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--sides" -> sides = List.of(args[++i].split(","));
          case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
          case "--throttle-every" -> throttleEvery = Integer.parseInt(args[++i]);
          case "--retry-after" -> retryAfter = Integer.parseInt(args[++i]);
          case "--pg-url" -> pgUrl = args[++i];
          case "--no-warmup" -> warmup = false;
          default -> throw new IllegalArgumentException("unknown option '" + args[i]
              + "'; use --records N, --db h2|postgres|both, --rounds R, --sides raw,tributary,camel, --page-size P,"
              + " --throttle-every K, --retry-after S, --pg-url URL, --no-warmup");
        }
      }
      for (String s : sides) {
        if (!List.of(RAW, TRIBUTARY, CAMEL).contains(s)) {
          throw new IllegalArgumentException("unknown side '" + s + "'; use raw, tributary or camel");
        }
      }
      return new Options(records, dbs, rounds, sides, pageSize, throttleEvery, retryAfter, pgUrl, warmup);
    }
  }

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    dev.tributary.benchmarks.Logs.init();
    Options o = Options.parse(args);
    List<DbReport> reports = run(o, System.out);
    System.out.println();
    for (DbReport r : reports) {
      for (String side : o.sides()) {
        Probe.Cost c = r.median(side);
        // One machine-readable line per side, read by RunAll when it runs this in a child JVM.
        System.out.printf(Locale.ROOT, "RESULT %s %s %d %d %d %d %d %d%n", r.db(), side, c.records(), c.wallNanos(),
            c.cpuNanos(), c.gcMillis(), c.peakHeapBytes(), c.liveHeapBytes());
      }
    }
  }

  /** Runs every database and side of {@code o}, printing one line per run to {@code out}. */
  public static List<DbReport> run(Options o, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "sync benchmark: %,d records, pages of %d, every %d-th request 429 (Retry-After %d s),"
            + " %d round(s), sides %s, max heap %d MB%n", o.records(), o.pageSize(), o.throttleEvery(), o.retryAfter(),
        o.rounds(), o.sides(), Runtime.getRuntime().maxMemory() >> 20);
    List<DbReport> reports = new ArrayList<>();
    try (VendorServer vendor = new VendorServer(o.records(), o.throttleEvery(), o.retryAfter()); Probe probe = new Probe()) {
      for (String db : o.dbs()) {
        switch (db) {
          case "h2" -> {
            Path dir = Files.createTempDirectory("tributary-bench");
            reports.add(runOn("h2", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath(), "sa", vendor, probe, o, out));
          }
          case "postgres" -> {
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection c = DriverManager.getConnection(o.pgUrl(), "postgres", ""); Statement s = c.createStatement()) {
              s.execute("CREATE SCHEMA " + schema);
            } catch (java.sql.SQLException e) {
              out.println("postgres: skipped, cannot connect to " + o.pgUrl() + " as postgres: " + e.getMessage());
              continue;
            }
            try {
              String url = o.pgUrl() + (o.pgUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
              reports.add(runOn("postgres", url, "postgres", vendor, probe, o, out));
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

  private static DbReport runOn(String name, String url, String user, VendorServer vendor, Probe probe, Options o,
      PrintStream out) throws Exception {
    boolean h2 = name.equals("h2");
    String batchUrl = h2 ? url : url + "&reWriteBatchedInserts=true";
    Map<String, List<Probe.Cost>> runs = new LinkedHashMap<>();
    VendorClientFactory factory = VendorClientFactory.builder().frameworkVersion("bench").build();
    ContactsStream.ContactsApi api = factory.vendorClients(ContactsStream.MANIFEST).create(ContactsStream.ContactsApi.class);
    ContactsStream stream = new ContactsStream(api, o.pageSize());
    ConnectionHandle handle = new ConnectionHandle(
        ConnectionConfig.builder("bench", ContactsStream.MANIFEST.id()).baseUrl(vendor.baseUri()).build(),
        Authenticators.bearer(Secret.of("bench-token", "bench")));
    try (Database db = Database.builder(url).user(user).password("").open();
        Database camelDb = o.sides().contains(CAMEL) ? Database.builder(batchUrl).user(user).password("").open() : null;
        CamelLoop camel = camelDb != null ? new CamelLoop(camelDb.dataSource(), h2, vendor.baseUri(), "bench", o.pageSize()) : null) {
      ObjectMapper json = VendorClientFactory.newObjectMapper();
      SyncEngine engine = SyncEngine.builder(db).driftMapper(json).build();
      Map<String, Side> sides = new LinkedHashMap<>();
      sides.put(RAW, () -> RawLoop.run(batchUrl, user, vendor.baseUri(), "bench", o.pageSize(), Long.MAX_VALUE));
      sides.put(TRIBUTARY, () -> CurrentConnection.run(handle, () -> syncAll(engine, stream)));
      sides.put(CAMEL, () -> camel.run());
      if (o.warmup()) {
        // One untimed pass of each side first: JIT, pools and the database's caches warm alike.
        for (String side : o.sides()) {
          clear(db);
          sides.get(side).sync();
        }
      }
      for (int round = 1; round <= o.rounds(); round++) {
        // Rotate the order each round, so no side always runs right after the same neighbour.
        for (int k = 0; k < o.sides().size(); k++) {
          String side = o.sides().get((k + round - 1) % o.sides().size());
          clear(db);
          probe.start();
          long n = sides.get(side).sync();
          Probe.Cost c = probe.stop(n);
          if (n != o.records()) {
            throw new IllegalStateException(side + " on " + name + " stored " + n + " records, expected " + o.records());
          }
          runs.computeIfAbsent(side, s -> new ArrayList<>()).add(c);
          out.printf(Locale.ROOT, "%-8s round %d %-9s %,9d records in %6.2f s = %,8.0f records/s, CPU %5.1f us/record,"
                  + " GC %5d ms, heap peak %5.0f MB, live %5.0f MB%n", name, round, side, n, c.wallNanos() / 1e9,
              c.perSecond(), c.cpuMicrosPerRecord(), c.gcMillis(), c.peakHeapMb(), c.liveHeapMb());
        }
      }
    }
    // Keep the round lists in the order the sides were asked for.
    Map<String, List<Probe.Cost>> ordered = new LinkedHashMap<>();
    for (String side : o.sides()) {
      ordered.put(side, runs.get(side));
    }
    return new DbReport(name, ordered);
  }

  @FunctionalInterface
  private interface Side {
    long sync() throws Exception;
  }

  private static long syncAll(SyncEngine engine, ContactsStream stream) {
    StreamContext ctx = new StreamContext() {
      public String connectionId() {
        return "bench";
      }

      public Map<String, String> options() {
        return Map.of();
      }
    };
    long n = 0;
    SyncResult r;
    do {
      r = engine.sync(ctx, stream).orThrow();   // a BUDGET stop is continued, as the queue would
      n += r.written();
    } while (r.stoppedBecause() == SyncResult.StopReason.BUDGET);
    return n;
  }

  private static void clear(Database db) {
    db.dsl().truncate(STREAM_RECORD).execute();
    db.dsl().truncate(STREAM_CURSOR).execute();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
