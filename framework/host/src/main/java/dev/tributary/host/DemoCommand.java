package dev.tributary.host;

import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.VendorCallListener;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.SyncJobHandler;
import dev.tributary.core.queue.WorkerPool;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.sync.SyncHistory;
import dev.tributary.core.metrics.TributaryMetrics;
import dev.tributary.host.sandbox.Sandbox;
import dev.tributary.host.server.HostServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary demo}: the README's main job. Starts sandbox GitHub, Stripe and HubSpot vendors
 * on loopback, syncs every stream of the three real connectors through the durable queue into an
 * embedded H2 database, shows progress and a summary, checks the record counts against the
 * sandbox's, and keeps the status page up until Ctrl-C (or exits with {@code --exit}). A second
 * run against the same data directory is incremental and writes nothing new.
 */
@Command(name = "demo", description = "Syncs sandbox GitHub, Stripe and HubSpot vendors into embedded H2.")
final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--exit", description = "Exit when the syncs are done instead of serving the status page.")
  boolean exit;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/demo",
      description = "Where the demo keeps its database and sandbox credentials (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--size", defaultValue = "default", description = "default (tens of thousands of records) or small.")
  String size;

  @Option(names = "--workers", defaultValue = "4", description = "Queue worker threads (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--port", defaultValue = "8080", description = "Port of the status page served after the syncs "
      + "(default: ${DEFAULT-VALUE}; 0 picks a free one). Bound to 127.0.0.1.")
  int port;

  /** What one demo run did, for tests. */
  record Summary(Map<String, Map<String, Long>> records, Map<String, Map<String, Integer>> expected,
      long written, boolean countsMatch) {}

  Summary last;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Sandbox.Size sz = switch (size) {
      case "default" -> Sandbox.Size.DEFAULT;
      case "small" -> Sandbox.Size.SMALL;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 'default' or 'small', was '" + size + "'");
    };
    // Secret references must be absolute (file:/...), and the default --data is relative.
    data = data.toAbsolutePath().normalize();
    Files.createDirectories(data);
    try (Sandbox sandbox = Sandbox.start(sz, true)) {
      out.println("Sandbox vendors on loopback: github " + sandbox.githubUrl() + ", stripe " + sandbox.stripeUrl()
          + ", hubspot " + sandbox.hubspotUrl());
      CallCounts calls = new CallCounts();
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      TributaryMetrics metrics = new TributaryMetrics(prometheus, java.time.Clock.systemUTC(), Duration.ofSeconds(5));
      try (Tributary t = runtime(sandbox, calls, metrics)) {
        metrics.bindConnections(t.connections().keySet());
        metrics.bindDatabase(new dev.tributary.core.metrics.DatabaseFacts(t.database(), java.time.Clock.systemUTC()));
        Instant started = Instant.now();
        JobQueue queue = t.queue();
        long total = 0;
        for (ConnectionConfig c : t.connections().values()) {
          for (StreamSpec s : t.connectors().get(c.connectorId()).manifest().streams()) {
            queue.enqueue(SyncJobHandler.request(c.id(), s.name(), false).build());
            total += sandbox.expected().get(c.id()).getOrDefault(s.name(), 0);
          }
        }
        out.println("Queued " + queue.stats().ready() + " sync jobs; " + workers + " workers running.");
        Progress progress = new Progress(out, Progress.isTerminal(), "syncing");
        try (WorkerPool pool = t.workers().threads(workers).pollInterval(Duration.ofMillis(50)).build()) {
          pool.start();
          while (true) {
            JobQueue.Stats stats = queue.stats();
            long done = countAll(t);
            progress.update(Math.min(done, total), total, Duration.between(started, Instant.now()),
                stats.running() + " running, " + stats.ready() + " queued, " + calls.retries.sum() + " retries");
            if (stats.ready() == 0 && stats.running() == 0) {
              break;
            }
            Thread.sleep(250);
          }
          progress.finish();
        }
        Summary summary = summarise(t, sandbox, calls, started, out);
        last = summary;
        if (!summary.countsMatch()) {
          spec.commandLine().getErr().println("tributary demo: record counts differ from the sandbox's (see the table)");
          return 1;
        }
        if (queue.stats().deadLetters() > 0) {
          spec.commandLine().getErr().println("tributary demo: " + queue.stats().deadLetters() + " jobs were dead-lettered");
          return 1;
        }
        if (!exit) {
          try (HostServer server = HostServer.builder(t, queue, metrics, prometheus).bind("127.0.0.1").port(port)
              .build().start()) {
            out.println("Done. Status page: " + server.uri("/status") + " (health " + server.uri("/health")
                + ", metrics " + server.uri("/metrics") + "). The data is in " + data.resolve("tributary.mv.db")
                + ". Press Ctrl-C to stop.");
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "tributary-demo-shutdown"));
            stop.await();
          }
        }
        return 0;
      }
    }
  }

  private Tributary runtime(Sandbox sandbox, CallCounts calls, TributaryMetrics metrics) throws IOException {
    Path secrets = Files.createDirectories(data.resolve("secrets"));
    String key = secret(secrets, "token-key", () -> {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      return Base64.getEncoder().encodeToString(k);
    });
    String personalKey = secret(secrets, "personal-data-key", () -> {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      return Base64.getEncoder().encodeToString(k);
    });
    secret(secrets, "github-token", () -> "ghp_sandboxDemoToken0000000000000000000");
    secret(secrets, "stripe-key", () -> "sk_test_sandboxDemoKey000000000000");
    secret(secrets, "hubspot-client-id", () -> Sandbox.HUBSPOT_CLIENT_ID);
    secret(secrets, "hubspot-client-secret", () -> "sandbox-client-secret");
    secret(secrets, "hubspot-refresh-token", () -> Sandbox.HUBSPOT_REFRESH_TOKEN);
    CredentialProviders credentials = CredentialProviders.loadDefault();
    return Tributary.builder()
        .database("jdbc:h2:file:" + data.toAbsolutePath().resolve("tributary"), "sa", "")
        .credentials(credentials)
        .tokenKeys(KeyService.builder().activeKey("demo-1",
            credentials.resolve(dev.tributary.api.credential.SecretRef.parse("file:" + key), "demo")).build())
        // Declared personal fields (emails, names, logins) are stored encrypted, field by field.
        .personalDataKeys(KeyService.builder().activeKey("demo-pd-1",
            credentials.resolve(dev.tributary.api.credential.SecretRef.parse("file:" + personalKey), "demo")).build())
        .metrics(metrics)
        .http(VendorClientFactory.builder().listener(e -> {
          calls.onAttempt(e);
          metrics.vendorCalls().onAttempt(e);
        }).build())
        .connection(ConnectionConfig.builder("github", "github").baseUrl(sandbox.githubUrl())
            .secret("token", "file:" + secrets.resolve("github-token"))
            .option("owner", Sandbox.GITHUB_ORG).option("repo", Sandbox.GITHUB_REPO).build())
        .connection(ConnectionConfig.builder("stripe", "stripe").baseUrl(sandbox.stripeUrl())
            .secret("token", "file:" + secrets.resolve("stripe-key")).build())
        .connection(ConnectionConfig.builder("hubspot", "hubspot").baseUrl(sandbox.hubspotUrl())
            .secret("clientId", "file:" + secrets.resolve("hubspot-client-id"))
            .secret("clientSecret", "file:" + secrets.resolve("hubspot-client-secret"))
            .secret("refreshToken", "file:" + secrets.resolve("hubspot-refresh-token"))
            .option("tokenUrl", sandbox.hubspotUrl() + "/oauth/v1/token").build())
        .build();
  }

  /** The secret file's path, written owner-only with {@code value} the first time. */
  private static String secret(Path dir, String name, java.util.function.Supplier<String> value) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.exists(f)) {
      Files.writeString(f, value.get());
      try {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the file provider warns if it is readable by others.
      }
    }
    return f.toString();
  }

  private static long countAll(Tributary t) {
    long n = 0;
    for (ConnectionConfig c : t.connections().values()) {
      for (StreamSpec s : t.connectors().get(c.connectorId()).manifest().streams()) {
        n += t.records().count(c.id(), s.name());
      }
    }
    return n;
  }

  private Summary summarise(Tributary t, Sandbox sandbox, CallCounts calls, Instant started, PrintWriter out) {
    SyncHistory history = new SyncHistory(t.database());
    TributaryCli.Table table = new TributaryCli.Table("CONNECTION", "STREAM", "RECORDS", "SANDBOX", "WRITTEN", "PAGES",
        "RETRIES", "RATE-LIMIT WAITS", "SECONDS", "");
    Map<String, Map<String, Long>> records = new LinkedHashMap<>();
    boolean match = true;
    long writtenTotal = 0;
    for (ConnectionConfig c : t.connections().values()) {
      for (StreamSpec s : t.connectors().get(c.connectorId()).manifest().streams()) {
        long count = t.records().count(c.id(), s.name());
        records.computeIfAbsent(c.id(), k -> new LinkedHashMap<>()).put(s.name(), count);
        int expected = sandbox.expected().get(c.id()).getOrDefault(s.name(), 0);
        List<SyncHistory.Run> runs = new ArrayList<>();
        for (SyncHistory.Run r : history.recent(c.id(), s.name(), 1000)) {
          if (!r.startedAt().isBefore(started)) {
            runs.add(r);
          }
        }
        long written = runs.stream().mapToLong(SyncHistory.Run::written).sum();
        int pages = runs.stream().mapToInt(SyncHistory.Run::pages).sum();
        double seconds = runs.stream().mapToDouble(r -> Duration.between(r.startedAt(),
            r.finishedAt().orElse(r.startedAt())).toMillis() / 1000.0).sum();
        writtenTotal += written;
        boolean ok = count == expected;
        match &= ok;
        String key = c.id() + "/" + s.name();
        table.row(c.id(), s.name(), String.format("%,d", count), String.format("%,d", expected), String.format("%,d", written),
            Integer.toString(pages), Long.toString(calls.retries(key)), Long.toString(calls.waits(key)),
            String.format("%.1f", seconds), ok ? "ok" : "MISMATCH");
      }
    }
    out.println();
    table.print(out);
    out.println();
    sandbox.traffic().forEach((vendor, t3) -> out.println(String.format("%-8s %,6d requests served, %d x 503 and %d x 429 injected",
        vendor, t3[0], t3[1], t3[2])));
    out.println(String.format("HubSpot OAuth2 token requests: %d (access tokens are cached encrypted and refreshed single-flight)",
        sandbox.hubspotTokenRequests()));
    out.println(String.format("Total: %,d records written in %s%s", writtenTotal,
        Progress.format(Duration.between(started, Instant.now())),
        writtenTotal == 0 ? " (incremental: nothing changed at the vendors)" : ""));
    return new Summary(records, sandbox.expected(), writtenTotal, match);
  }

  /** Counts retries and rate-limit waits per connection from the HTTP layer's attempt events. */
  static final class CallCounts implements VendorCallListener {
    final LongAdder retries = new LongAdder();
    final Map<String, LongAdder> retriesByStream = new ConcurrentHashMap<>();
    final Map<String, LongAdder> waitsByStream = new ConcurrentHashMap<>();

    @Override
    public void onAttempt(Event e) {
      // The sync engine names the stream in the MDC of the thread that makes the call.
      String key = e.connection() + "/" + org.slf4j.MDC.get(dev.tributary.core.sync.SyncEngine.MDC_STREAM);
      if (e.attempt() > 1) {
        retries.increment();
        retriesByStream.computeIfAbsent(key, k -> new LongAdder()).increment();
      }
      if (e.status() == 429) {
        waitsByStream.computeIfAbsent(key, k -> new LongAdder()).increment();
      }
    }

    long retries(String streamKey) {
      LongAdder a = retriesByStream.get(streamKey);
      return a == null ? 0 : a.sum();
    }

    long waits(String streamKey) {
      LongAdder a = waitsByStream.get(streamKey);
      return a == null ? 0 : a.sum();
    }
  }
}
