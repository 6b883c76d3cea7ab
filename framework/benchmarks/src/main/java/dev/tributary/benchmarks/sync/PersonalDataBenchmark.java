package dev.tributary.benchmarks.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.PersonalField.Classification;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.core.db.Database;
import dev.tributary.core.json.Json;
import dev.tributary.core.privacy.PersonalData;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.store.RecordTableSink;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.Authenticators;
import dev.tributary.core.http.ConnectionHandle;
import dev.tributary.core.http.CurrentConnection;
import dev.tributary.core.http.VendorClientFactory;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Sync throughput with three personal fields sealed per record (email IDENTIFIER, first and last
 * name CONTACT) against the same sync storing them in clear: same loopback vendor, same database,
 * rounds alternating. Not a test:
 *
 * <pre>
 * ./mvnw -B -q -pl framework/benchmarks -am package -DskipTests
 * ./mvnw -B -q -o -pl framework/benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp "framework/benchmarks/target/classes:$(cat framework/benchmarks/target/bench.cp)" \
 *     dev.tributary.benchmarks.sync.PersonalDataBenchmark --records 50000 --rounds 3 --db both
 * </pre>
 */
public final class PersonalDataBenchmark {

  private PersonalDataBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = 50_000;
    int rounds = 3;
    List<String> dbs = List.of("h2", "postgres");
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--db" -> dbs = args[++i].equals("both") ? List.of("h2", "postgres") : List.of(args[i]);
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; use --records N, --rounds R, --db h2|postgres|both");
      }
    }
    System.out.printf(Locale.ROOT, "Personal-data benchmark: %,d records, pages of 100, %d round(s)%n", records, rounds);
    try (VendorServer vendor = new VendorServer(records)) {
      for (String db : dbs) {
        if (db.equals("h2")) {
          run("h2", "jdbc:h2:file:" + Files.createTempDirectory("tributary-pd-bench").resolve("bench").toAbsolutePath(),
              "sa", vendor, rounds);
        } else {
          String schema = "pdbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
          try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
          } catch (java.sql.SQLException e) {
            System.out.println("postgres: skipped, cannot connect to " + pgUrl + ": " + e.getMessage());
            continue;
          }
          try {
            run("postgres", pgUrl + "?currentSchema=" + schema, "postgres", vendor, rounds);
          } finally {
            try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement s = c.createStatement()) {
              s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
          }
        }
      }
    }
  }

  private static void run(String name, String url, String user, VendorServer vendor, int rounds) throws Exception {
    ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    // Through the real vendor client (Feign, retries, limits), as a connector's stream reads.
    VendorClientFactory factory = VendorClientFactory.builder().frameworkVersion("bench").build();
    ContactsStream stream = new ContactsStream(
        factory.vendorClients(ContactsStream.MANIFEST).create(ContactsStream.ContactsApi.class), 100);
    ConnectionHandle handle = new ConnectionHandle(
        ConnectionConfig.builder("bench", ContactsStream.MANIFEST.id()).baseUrl(vendor.baseUri()).build(),
        Authenticators.bearer(Secret.of("bench-token", "bench")));
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    KeyService keys = KeyService.builder().activeKey("bench-1", Secret.of(Base64.getEncoder().encodeToString(k), "bench")).build();
    PersonalData personal = new PersonalData(keys, Map.of("bench", Map.of("contacts", List.of(
        new PersonalField("properties.email", Classification.IDENTIFIER),
        new PersonalField("properties.firstname", Classification.CONTACT),
        new PersonalField("properties.lastname", Classification.CONTACT)))));
    try (Database db = Database.builder(url).user(user).password("").open()) {
      SyncEngine plain = SyncEngine.builder(db).driftMapper(json)
          .defaultSink(new RecordTableSink(db, Json.canonical(), Clock.systemUTC())).build();
      SyncEngine sealed = SyncEngine.builder(db).driftMapper(json)
          .defaultSink(new RecordTableSink(db, Json.canonical(), Clock.systemUTC(), personal)).build();
      time(db, plain, stream, handle);
      time(db, sealed, stream, handle);
      List<Double> ratios = new ArrayList<>();
      double bestPlain = 0;
      double bestSealed = 0;
      for (int round = 1; round <= rounds; round++) {
        double p = time(db, plain, stream, handle);
        double s = time(db, sealed, stream, handle);
        System.out.printf(Locale.ROOT, "%-9s round %d  clear %,8.0f records/s  sealed %,8.0f records/s  ratio %.2fx%n",
            name, round, p, s, s / p);
        ratios.add(s / p);
        bestPlain = Math.max(bestPlain, p);
        bestSealed = Math.max(bestSealed, s);
      }
      ratios.sort(null);
      System.out.printf(Locale.ROOT, "%-9s best clear %,.0f records/s, best sealed %,.0f records/s, ratio %.2fx"
          + " (median of round ratios %.2fx)%n", name, bestPlain, bestSealed, bestSealed / bestPlain,
          ratios.get(ratios.size() / 2));
    }
  }

  /** One full sync into empty tables; records written per second. */
  private static double time(Database db, SyncEngine engine, ContactsStream stream, ConnectionHandle handle) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM stream_record");
      s.execute("DELETE FROM stream_cursor");
      s.execute("DELETE FROM record_subject");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    StreamContext ctx = new StreamContext() {
      public String connectionId() {
        return "bench";
      }

      public Map<String, String> options() {
        return Map.of();
      }
    };
    long start = System.nanoTime();
    long n;
    try {
      n = CurrentConnection.run(handle, () -> {
        long written = 0;
        SyncResult r = engine.sync(ctx, stream, SyncStart.full()).orThrow();
        written += r.written();
        while (r.stoppedBecause() == SyncResult.StopReason.BUDGET) {
          r = engine.sync(ctx, stream).orThrow();
          written += r.written();
        }
        return written;
      });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
