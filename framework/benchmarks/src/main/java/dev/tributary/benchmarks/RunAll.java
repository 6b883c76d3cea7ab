package dev.tributary.benchmarks;

import dev.tributary.benchmarks.queue.QueueProcessesBenchmark;
import dev.tributary.benchmarks.startup.StartupBenchmark;
import dev.tributary.benchmarks.sync.SyncBenchmark;
import dev.tributary.benchmarks.token.TokenRefreshBenchmark;
import dev.tributary.core.queue.QueueBenchmark;
import dev.tributary.core.webhook.WebhookIntakeBenchmark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the whole benchmark set in one go and writes the results as Markdown (see
 * docs/benchmarks.md for the method). From the repository root:
 *
 * <pre>
 * ./mvnw -B -q -pl framework/benchmarks -am package -DskipTests -Pbench-all -Dbench.args="--out docs/benchmarks-results.md"
 * </pre>
 *
 * Options: {@code --records N} (100000: the side-by-side sync), {@code --rounds R} (3),
 * {@code --million} (also the side-by-side sync at 1,000,000; long), {@code --memory-records N}
 * (1000000: the Tributary-only sync in a child JVM under {@code -Xmx256m}; 0 skips it),
 * {@code --jobs N} (5000 per queue run), {@code --only sync,memory,queue,token,webhook,startup},
 * {@code --pg-url URL}, {@code --quick} (tiny sizes: the build's smoke run), {@code --out FILE}.
 */
public final class RunAll {

  static final List<String> ALL = List.of("sync", "memory", "queue", "token", "webhook", "startup");

  record Options(int records, int rounds, boolean million, int memoryRecords, int jobs, Set<String> only, String pgUrl,
      boolean quick, Path out) {

    static Options parse(String... args) {
      int records = 100_000;
      int rounds = 3;
      boolean million = false;
      int memoryRecords = 1_000_000;
      int jobs = 5000;
      Set<String> only = new LinkedHashSet<>(ALL);
      String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
      boolean quick = false;
      Path out = Path.of("docs/benchmarks-results.md");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--records" -> records = Integer.parseInt(args[++i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--million" -> million = true;
          case "--memory-records" -> memoryRecords = Integer.parseInt(args[++i]);
          case "--jobs" -> jobs = Integer.parseInt(args[++i]);
          case "--only" -> {
            only = new LinkedHashSet<>(List.of(args[++i].split(",")));
            for (String s : only) {
              if (!ALL.contains(s)) {
                throw new IllegalArgumentException("unknown benchmark '" + s + "'; use one or more of " + String.join(",", ALL));
              }
            }
          }
          case "--pg-url" -> pgUrl = args[++i];
          case "--quick" -> quick = true;
          case "--out" -> out = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; use --records N, --rounds R,"
              + " --million, --memory-records N, --jobs N, --only " + String.join(",", ALL) + ", --pg-url URL, --quick, --out FILE");
        }
      }
      if (quick) {
        records = 300;
        rounds = 1;
        million = false;
        memoryRecords = memoryRecords == 0 ? 0 : 300;
        jobs = 50;
      }
      return new Options(records, rounds, million, memoryRecords, jobs, only, pgUrl, quick, out);
    }
  }

  private RunAll() {}

  public static void main(String[] args) throws Exception {
    Logs.init();
    Options o = Options.parse(args);
    String report = run(o, System.out);
    if (o.out().getParent() != null) {
      Files.createDirectories(o.out().getParent());
    }
    Files.writeString(o.out(), report);
    System.out.println("\nwrote " + o.out().toAbsolutePath());
  }

  /** Runs what {@code o} selects, logging progress to {@code log}; returns the Markdown report. */
  static String run(Options o, PrintStream log) throws Exception {
    StringBuilder md = new StringBuilder();
    List<String[]> goals = new ArrayList<>();
    md.append("# Benchmark results\n\n").append(machine(o)).append('\n');
    boolean pg = postgresUp(o.pgUrl());
    if (!pg) {
      md.append("PostgreSQL at ").append(o.pgUrl()).append(" was unreachable: its rows are missing.\n\n");
    }

    if (o.only().contains("sync")) {
      sync(o, o.records(), pg, md, goals, log);
      if (o.million()) {
        sync(o, 1_000_000, pg, md, goals, log);
      }
    }
    if (o.only().contains("memory") && o.memoryRecords() > 0) {
      memory(o, pg, md, goals, log);
    }
    if (o.only().contains("queue")) {
      if (pg) {
        queue(o, md, goals, log);
      } else {
        md.append("## Queue\n\nSkipped: needs PostgreSQL.\n\n");
      }
    }
    if (o.only().contains("token")) {
      var t = TokenRefreshBenchmark.run(o.quick() ? 50 : 1000, o.quick() ? 5 : 50, o.quick() ? 1 : 3, log);
      md.append("## Token refresh under contention\n\n")
          .append(String.format(Locale.ROOT, "%,d callers at once on one connection whose access token has expired; the loopback"
              + " token endpoint answers in %d ms. Latency of `TokenManager.headers()` per caller, median round of %d.%n%n",
              t.callers(), t.endpointMillis(), o.quick() ? 1 : 3))
          .append("| callers | refresh requests | cached p50 | cached p99 | expired p50 | expired p99 | added p50 | added p99 |\n")
          .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
          .append(String.format(Locale.ROOT, "| %,d | %d | %s | %s | %s | %s | %s | %s |%n%n", t.callers(), t.refreshRequests(),
              micros(t.cachedP50Micros()), micros(t.cachedP99Micros()), micros(t.expiredP50Micros()), micros(t.expiredP99Micros()),
              micros(Math.max(0, t.expiredP50Micros() - t.cachedP50Micros())),
              micros(Math.max(0, t.expiredP99Micros() - t.cachedP99Micros()))));
      goals.add(new String[] {"token refresh: one request for all callers", t.refreshRequests() + " request(s)",
          t.refreshRequests() == 1 ? "yes" : "**no**"});
    }
    if (o.only().contains("webhook")) {
      var results = WebhookIntakeBenchmark.run(o.quick() ? 200 : 200_000, o.quick() ? 50 : 20_000, 4, !o.quick(), log);
      md.append("## Webhooks\n\nVerified deliveries (signature, timestamp window, replay check, hand-off) with 4 client"
              + " threads; every delivery distinct and accepted exactly once.\n\n")
          .append("| mode | scheme | body | deliveries | deliveries/s | p50 | p99 |\n|---|---|---:|---:|---:|---:|---:|\n");
      for (var r : results) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d B | %,d | %,.0f | %s | %s |%n", r.mode(), r.scheme(),
            r.bodyBytes(), r.deliveries(), r.perSecond(), micros(r.p50Micros()), micros(r.p99Micros())));
      }
      md.append('\n');
    }
    if (o.only().contains("startup")) {
      var s = StartupBenchmark.run(o.quick() ? 2 : 50, o.quick() ? 1 : 5, log);
      md.append("## Start-up\n\nA fresh JVM per run, `main` to a built `Tributary` (discovery, manifest checks, H2 opened and"
              + " migrated, one Guice injector, every stream and Feign client created); median of ")
          .append(o.quick() ? 1 : 5).append(" runs.\n\n")
          .append("| connectors | main to ready | JVM start to ready | process CPU |\n|---|---:|---:|---:|\n")
          .append(String.format(Locale.ROOT, "| %d (github, stripe, hubspot modules) | %.0f ms | %.0f ms | %.0f ms |%n",
              s.realProviders(), s.realMainToReadyMs(), s.realJvmToReadyMs(), s.realCpuMs()))
          .append(String.format(Locale.ROOT, "| %d (+%d generated) | %.0f ms | %.0f ms | %.0f ms |%n%n", s.withGenerated(),
              s.generated(), s.generatedMainToReadyMs(), s.generatedJvmToReadyMs(), s.generatedCpuMs()))
          .append(String.format(Locale.ROOT, "Per added connector: %.1f ms wall, %.1f ms CPU.%n%n", s.perConnectorMs(),
              s.perConnectorCpuMs()));
      goals.add(new String[] {"start-up: wiring grows gently with connectors",
          String.format(Locale.ROOT, "%.1f ms CPU per connector (%d: %.0f ms, %d: %.0f ms)", s.perConnectorCpuMs(),
              s.realProviders(), s.realCpuMs(), s.withGenerated(), s.generatedCpuMs()),
          s.perConnectorCpuMs() < 50 ? "yes" : "**no**"});
    }

    StringBuilder head = new StringBuilder();
    head.append("## Goals\n\n| goal | measured | met |\n|---|---|---|\n");
    for (String[] g : goals) {
      head.append("| ").append(g[0]).append(" | ").append(g[1]).append(" | ").append(g[2]).append(" |\n");
    }
    head.append('\n');
    int at = md.indexOf("\n## ");
    if (at < 0) {
      md.append(head);
    } else {
      md.insert(at + 1, head);
    }
    return md.toString();
  }

  private static void sync(Options o, int records, boolean pg, StringBuilder md, List<String[]> goals, PrintStream log)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--records", Integer.toString(records), "--rounds",
        Integer.toString(records >= 1_000_000 ? 1 : o.rounds()), "--db", pg ? "both" : "h2", "--pg-url", o.pgUrl()));
    if (o.quick()) {
      args.add("--no-warmup");
    }
    SyncBenchmark.Options so = SyncBenchmark.Options.parse(args.toArray(String[]::new));
    List<SyncBenchmark.DbReport> reports = SyncBenchmark.run(so, log);
    md.append(String.format(Locale.ROOT, "## Sync, %,d records%n%n", records))
        .append(String.format(Locale.ROOT, "Loopback vendor, JSON pages of %d (~1 KB a record), cursor pagination, every %d-th"
            + " request answered 429 with Retry-After: %d; empty tables before each run; %d round(s) after a warm-up pass, the sides"
            + " rotating order each round. Figures are each side's median run; ratios are the median of the per-round ratios."
            + " CPU is the whole process (the loopback vendor's serving, equal for all sides, included; on H2 the database too).%n%n",
            so.pageSize(), so.throttleEvery(), so.retryAfter(), so.rounds()))
        .append("| database | side | records/s | vs raw | vs camel | CPU us/record | GC ms | peak heap | live heap |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SyncBenchmark.DbReport r : reports) {
      for (String side : so.sides()) {
        Probe.Cost c = r.median(side);
        md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2fx | %.2fx | %.0f | %,d | %.0f MB | %.0f MB |%n", r.db(),
            side, c.perSecond(), r.medianRatio(side, SyncBenchmark.RAW), r.medianRatio(side, SyncBenchmark.CAMEL),
            c.cpuMicrosPerRecord(), c.gcMillis(), c.peakHeapMb(), c.liveHeapMb()));
      }
      double vsRaw = r.medianRatio(SyncBenchmark.TRIBUTARY, SyncBenchmark.RAW);
      double vsCamel = r.medianRatio(SyncBenchmark.TRIBUTARY, SyncBenchmark.CAMEL);
      goals.add(new String[] {String.format(Locale.ROOT, "sync %,d on %s: Tributary >= 0.9x raw", records, r.db()),
          String.format(Locale.ROOT, "%.2fx", vsRaw), vsRaw >= 0.9 ? "yes" : "**no**"});
      goals.add(new String[] {String.format(Locale.ROOT, "sync %,d on %s: Tributary ahead of Camel", records, r.db()),
          String.format(Locale.ROOT, "%.2fx", vsCamel), vsCamel > 1.0 ? "yes" : "**no**"});
    }
    md.append("\nSpring Batch: not measured (see docs/benchmarks.md).\n\n");
  }

  private static void memory(Options o, boolean pg, StringBuilder md, List<String[]> goals, PrintStream log)
      throws Exception {
    md.append(String.format(Locale.ROOT, "## Memory: %,d records under -Xmx256m%n%n", o.memoryRecords()))
        .append("Tributary only, a child JVM with `-Xmx256m` (default G1), one pass from an empty table. On H2 the"
            + " embedded database's own pages and caches share the heap; on PostgreSQL the heap is Tributary's alone.\n\n")
        .append("| database | records | time | records/s | GC time | GC share | peak heap | live heap (max after a GC) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String db : pg && !o.quick() ? List.of("h2", "postgres") : List.of("h2")) {
      Probe.Cost c = memoryRun(o, db, log);
      md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f s | %,.0f | %,d ms | %.1f%% | %.0f MB | %.0f MB |%n", db,
          c.records(), c.wallNanos() / 1e9, c.perSecond(), c.gcMillis(), 100.0 * c.gcMillis() / (c.wallNanos() / 1e6),
          c.peakHeapMb(), c.liveHeapMb()));
      goals.add(new String[] {String.format(Locale.ROOT, "%,d records under -Xmx256m on %s", c.records(), db),
          String.format(Locale.ROOT, "done; peak %.0f MB, live %.0f MB, GC %,d ms (%.1f%%)", c.peakHeapMb(), c.liveHeapMb(),
              c.gcMillis(), 100.0 * c.gcMillis() / (c.wallNanos() / 1e6)), "yes"});
    }
    md.append('\n');
  }

  private static Probe.Cost memoryRun(Options o, String db, PrintStream log) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), SyncBenchmark.class.getName(), "--records",
        Integer.toString(o.memoryRecords()), "--db", db, "--pg-url", o.pgUrl(), "--sides", SyncBenchmark.TRIBUTARY,
        "--rounds", "1", "--no-warmup");
    log.println("memory: " + o.memoryRecords() + " records on " + db + " under -Xmx256m in a child JVM");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String result = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        all.append(l).append('\n');
        log.println("  " + l);
        if (l.startsWith("RESULT " + db + " tributary ")) {
          result = l;
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException("the -Xmx256m sync on " + db + " failed:\n" + all);
    }
    String[] f = result.split(" ");
    return new Probe.Cost(Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
        Long.parseLong(f[7]), Long.parseLong(f[8]));
  }

  private static void queue(Options o, StringBuilder md, List<String[]> goals, PrintStream log) throws Exception {
    List<QueueBenchmark.Row> rows = QueueBenchmark.run(o.pgUrl(), "postgres", o.jobs(), o.quick() ? new int[] {1} : new int[] {1, 2, 4},
        o.quick() ? 1 : 3, !o.quick(), log);
    md.append(String.format(Locale.ROOT, "## Queue%n%nNo-op jobs drained per second on PostgreSQL, %,d jobs per run, all"
            + " enqueued before the workers start; best of %d rounds. db-scheduler with both of its polling strategies.%n%n",
            o.jobs(), o.quick() ? 1 : 3))
        .append("| workers | Tributary jobs/s | db-scheduler lock-and-fetch | db-scheduler fetch-and-lock | ratio |\n")
        .append("|---:|---:|---:|---:|---:|\n");
    for (QueueBenchmark.Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.0f | %.2fx |%n", r.workers(), r.tributaryPerSecond(),
          r.dbSchedulerLockAndFetchPerSecond(), r.dbSchedulerFetchAndLockPerSecond(), r.ratio()));
      goals.add(new String[] {"queue, " + r.workers() + " worker(s): >= 1.0x db-scheduler",
          String.format(Locale.ROOT, "%.2fx", r.ratio()), r.ratio() >= 1.0 ? "yes" : "**no**"});
    }
    var multi = QueueProcessesBenchmark.run(o.pgUrl(), o.jobs(), 2, 2, o.quick() ? 1 : 3, log);
    md.append(String.format(Locale.ROOT, "%nTwo processes (child JVMs, 2 workers each) sharing the queue, db-scheduler with"
            + " lock-and-fetch; JVM start-up outside the time, best of %d: Tributary %,.0f jobs/s, db-scheduler %,.0f jobs/s,"
            + " **%.2fx**.%n", o.quick() ? 1 : 3, multi.tributaryPerSecond(), multi.dbSchedulerPerSecond(), multi.ratio()));
    goals.add(new String[] {"queue, 2 processes x 2 workers: >= 1.0x db-scheduler",
        String.format(Locale.ROOT, "%.2fx", multi.ratio()), multi.ratio() >= 1.0 ? "yes" : "**no**"});
    md.append('\n');
  }

  private static boolean postgresUp(String url) {
    try (var c = DriverManager.getConnection(url, "postgres", "")) {
      return c.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  private static String micros(double us) {
    return us >= 1000 ? String.format(Locale.ROOT, "%.1f ms", us / 1000) : String.format(Locale.ROOT, "%.0f us", us);
  }

  private static String machine(Options o) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String load;
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      load = f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
    } catch (Exception e) {
      load = String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage());
    }
    return String.format(Locale.ROOT, "Run %s on %s %s: %d cores, %.1f GB memory, JDK %s (%s), load average at start %s."
            + " The machine is shared and noisy: compare ratios measured in the same run, not absolute figures across runs.%s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), os.getName(), os.getArch(), os.getAvailableProcessors(),
        os.getTotalMemorySize() / 1e9, Runtime.version(), System.getProperty("java.vm.name"), load,
        o.quick() ? " **Quick smoke run: tiny sizes, figures meaningless.**" : "");
  }
}
