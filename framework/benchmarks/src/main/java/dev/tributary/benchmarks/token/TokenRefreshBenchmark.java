package dev.tributary.benchmarks.token;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.auth.AuthSchemes;
import dev.tributary.core.auth.TokenEndpointClient;
import dev.tributary.core.auth.TokenManager;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.db.Database;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.store.DbStateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token refresh under contention: {@code callers} threads at once ask one connection's
 * {@link TokenManager} for its headers while the cached access token has expired. The token endpoint
 * is a loopback {@code HttpServer} answering a real RFC 6749 refresh (with rotation) after
 * {@code endpointMillis}; the tokens live encrypted in a {@link DbStateStore} on H2. Reports how many
 * refresh requests reached the endpoint (single flight: must be 1) and the callers' latency,
 * p50/p99, against the same burst of callers on a valid cached token.
 *
 * <pre>
 * java -cp "$(cat framework/benchmarks/target/bench.cp)" dev.tributary.benchmarks.token.TokenRefreshBenchmark 1000 50
 * </pre>
 */
public final class TokenRefreshBenchmark {

  /** One burst's figures. */
  public record Result(int callers, int refreshRequests, double cachedP50Micros, double cachedP99Micros,
      double expiredP50Micros, double expiredP99Micros, int endpointMillis) {}

  private TokenRefreshBenchmark() {}

  public static void main(String[] args) throws Exception {
    int callers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int endpointMillis = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    dev.tributary.benchmarks.Logs.init();
    run(callers, endpointMillis, 3, System.out);
  }

  /** A settable clock: expiry is reached by moving time, not by waiting. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** Runs {@code rounds} bursts of each kind and reports the median round. */
  public static Result run(int callers, int endpointMillis, int rounds, PrintStream out) throws Exception {
    AtomicInteger refreshes = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/oauth/token", ex -> {
      try (ex) {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = refreshes.incrementAndGet();
        if (!form.contains("grant_type=refresh_token")) {
          ex.sendResponseHeaders(400, -1);
          return;
        }
        try {
          Thread.sleep(endpointMillis); // the vendor's own latency
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        byte[] body = ("{\"access_token\":\"at-" + n + "-" + UUID.randomUUID() + "\",\"token_type\":\"bearer\","
            + "\"expires_in\":3600,\"refresh_token\":\"rt-" + n + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
      }
    });
    server.start();
    URI tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token");
    MovableClock clock = new MovableClock();
    try (Database db = Database.builder("jdbc:h2:mem:token-bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .maxPoolSize(10).open()) {
      ConnectorManifest manifest = ConnectorManifest.builder("bench-oauth", "1.0.0")
          .baseUrl(URI.create("https://api.bench-oauth.test"))
          .egressHosts("api.bench-oauth.test")
          .auth(AuthScheme.oauth2RefreshToken(URI.create("https://auth.bench-oauth.test/authorize"), tokenUrl))
          .stream(StreamSpec.builder("items").build())
          .build();
      ConnectionConfig connection = ConnectionConfig.builder("bench-oauth-1", "bench-oauth")
          .secret("clientId", "env:BENCH_CLIENT_ID").secret("clientSecret", "env:BENCH_CLIENT_SECRET")
          .secret("refreshToken", "env:BENCH_REFRESH_TOKEN").build();
      CredentialProviders credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of(
          "BENCH_CLIENT_ID", "bench-client", "BENCH_CLIENT_SECRET", "bench-client-secret",
          "BENCH_REFRESH_TOKEN", "rt-0"))));
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      TokenManager tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials,
              TokenEndpointClient.builder().build(), clock)
          .stateStore(new DbStateStore(db, clock))
          .keys(KeyService.builder().activeKey("k1", Secret.of(Base64.getEncoder().encodeToString(key), "bench:key")).build())
          .build();
      tokens.headers(); // the first token, so that later bursts find one cached
      burst(tokens, Math.min(callers, 200)); // warm-up: JIT, pool, threads

      List<Result> results = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        long[] cached = burst(tokens, callers);
        clock.advance(Duration.ofHours(2)); // every cached and stored token is now past its expiry
        int before = refreshes.get();
        long[] expired = burst(tokens, callers);
        int used = refreshes.get() - before;
        Result res = new Result(callers, used, pct(cached, 50), pct(cached, 99), pct(expired, 50), pct(expired, 99),
            endpointMillis);
        results.add(res);
        out.printf(Locale.ROOT, "token round %d: %d callers, %d refresh request(s); cached p50 %.0f us p99 %.0f us;"
                + " expired p50 %.0f us p99 %.0f us (endpoint answers in %d ms)%n", r + 1, callers, used,
            res.cachedP50Micros(), res.cachedP99Micros(), res.expiredP50Micros(), res.expiredP99Micros(), endpointMillis);
      }
      results.sort((a, b) -> Double.compare(a.expiredP99Micros(), b.expiredP99Micros()));
      Result median = results.get(results.size() / 2);
      int worst = results.stream().mapToInt(Result::refreshRequests).max().orElse(0);
      return new Result(median.callers(), worst, median.cachedP50Micros(), median.cachedP99Micros(),
          median.expiredP50Micros(), median.expiredP99Micros(), endpointMillis);
    } finally {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  /** {@code n} callers released together; each one's latency in nanoseconds. */
  private static long[] burst(TokenManager tokens, int n) throws Exception {
    long[] latencies = new long[n];
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
      List<Future<?>> calls = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        calls.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          long t0 = System.nanoTime();
          Map<String, String> h = tokens.headers();
          latencies[k] = System.nanoTime() - t0;
          if (!h.getOrDefault("Authorization", "").startsWith("Bearer at-")) {
            throw new IllegalStateException("caller " + k + " got no bearer token");
          }
          return null;
        }));
      }
      ready.await();
      go.countDown();
      for (Future<?> f : calls) {
        f.get();
      }
    }
    return latencies;
  }

  private static double pct(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
  }

}
