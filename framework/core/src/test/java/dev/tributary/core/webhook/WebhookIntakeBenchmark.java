package dev.tributary.core.webhook;

import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verified deliveries per second through {@link WebhookIntake}, in process and over a loopback
 * {@code com.sun.net.httpserver.HttpServer} ({@link LoopbackWebhookServer}) in front of it, with
 * latency percentiles. A harness, not a test: run it from the repository root with
 * <pre>
 * ./mvnw -B -q -o -pl framework/core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/core-cp.txt -Dmdep.includeScope=test
 * java -cp framework/core/target/test-classes:framework/core/target/classes:$(cat /tmp/core-cp.txt) \
 *     dev.tributary.core.webhook.WebhookIntakeBenchmark 200000 20000 4
 * </pre>
 * Arguments: in-process deliveries per scheme, HTTP deliveries per scheme, client threads. Every
 * delivery is distinct and correctly signed (half of the in-process ones with the previous of two
 * active secrets), so each is verified, replay-checked in an in-memory StateStore and handed to a
 * counting sink; bodies are the recorded 1,430-byte Stripe event and 5,460-byte GitHub event with
 * a counter spliced in. It fails unless every delivery is accepted exactly once.
 */
public final class WebhookIntakeBenchmark {

  private WebhookIntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int inProcess = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int overHttp = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WebhookIntake.class))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.printf("JDK %s, %d cores, %d client threads%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), threads);
    run(inProcess, overHttp, threads, true, System.out);
  }

  /** One measured mode and scheme. */
  public record Result(String mode, String scheme, int bodyBytes, int deliveries, double perSecond, double p50Micros,
      double p99Micros) {}

  /**
   * Measures every scheme in process ({@code inProcess} deliveries) and over loopback HTTP
   * ({@code overHttp}), each after a warm-up unless {@code warmUp} is false; prints one line per
   * measurement to {@code out}.
   *
   * @throws AssertionError unless every delivery was accepted exactly once
   */
  public static List<Result> run(int inProcess, int overHttp, int threads, boolean warmUp, java.io.PrintStream out)
      throws Exception {
    List<Result> results = new ArrayList<>();
    for (TestScheme scheme : List.of(TestScheme.STRIPE, TestScheme.GITHUB, TestScheme.STANDARD)) {
      String sample = scheme == TestScheme.GITHUB ? "github/webhook-issues-opened.json" : "stripe/event-customer-updated.json";
      byte[] template = VendorSample.read(sample);
      if (warmUp) {
        runInProcess(scheme, template, Math.min(inProcess, 20_000), threads, null);
      }
      results.add(runInProcess(scheme, template, inProcess, threads, out));
      if (warmUp) {
        runOverHttp(scheme, template, Math.min(overHttp, 2_000), threads, null);
      }
      results.add(runOverHttp(scheme, template, overHttp, threads, out));
    }
    return results;
  }

  private record Setup(WebhookIntake intake, LongAdder queued, Secret current) {}

  private static Setup setup(TestScheme scheme) {
    LongAdder queued = new LongAdder();
    WebhookIntake intake = WebhookIntake.builder(new InMemoryStateStore(Clock.systemUTC()), d -> queued.increment()).build();
    Secret current = scheme.secret("current");
    intake.register(scheme.endpoint("bench").secrets(List.of(current, scheme.secret("previous"))).build());
    return new Setup(intake, queued, current);
  }

  /** Distinct bodies of equal size: the template with a counter spliced in (the intake never parses JSON). */
  private static byte[] body(byte[] template, int i) {
    byte[] b = template.clone();
    byte[] n = String.format("%010d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, b, 20, n.length);
    return b;
  }

  private static Result runInProcess(TestScheme scheme, byte[] template, int count, int threads, java.io.PrintStream out) throws Exception {
    Setup s = setup(scheme);
    Instant now = Instant.now();
    // Signed with the previous secret half the time: the rotation overlap costs a second HMAC.
    List<WebhookDelivery> deliveries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Secret secret = i % 2 == 0 ? s.current() : scheme.secret("previous");
      deliveries.add(scheme.sign(body(template, i), now, secret, "dlv-" + i, now));
    }
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    LongAdder rejected = new LongAdder();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            long t0 = System.nanoTime();
            WebhookOutcome o = s.intake().receive("bench", deliveries.get(i));
            latencies[i] = System.nanoTime() - t0;
            if (!(o instanceof WebhookOutcome.Accepted)) {
              rejected.increment();
            }
          }
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    }
    return report("in-process", scheme, template.length, count, System.nanoTime() - start, latencies, s.queued().sum(), rejected.sum(), out);
  }

  private static Result runOverHttp(TestScheme scheme, byte[] template, int count, int threads, java.io.PrintStream out) throws Exception {
    Setup s = setup(scheme);
    LoopbackWebhookServer server = new LoopbackWebhookServer(s.intake(), "https://hooks.tributary.example.com", Clock.systemUTC());
    ExecutorService clientExecutor = Executors.newFixedThreadPool(threads);
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(clientExecutor).build()) {
      URI uri = server.uri("/webhooks/bench");
      Instant now = Instant.now();
      List<HttpRequest> requests = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        WebhookDelivery d = scheme.sign(body(template, i), now, s.current(), "dlv-" + i, now);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach((k, v) -> {
          if (!k.equalsIgnoreCase("content-length")) {
            b.header(k, v.get(0));
          }
        });
        requests.add(b.build());
      }
      long[] latencies = new long[count];
      AtomicInteger next = new AtomicInteger();
      LongAdder rejected = new LongAdder();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(pool.submit(() -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
              long t0 = System.nanoTime();
              HttpResponse<Void> r = client.send(requests.get(i), HttpResponse.BodyHandlers.discarding());
              latencies[i] = System.nanoTime() - t0;
              if (r.statusCode() != 202) {
                rejected.increment();
              }
            }
            return null;
          }));
        }
        for (Future<?> w : workers) {
          w.get();
        }
      }
      return report("loopback HTTP", scheme, template.length, count, System.nanoTime() - start, latencies, s.queued().sum(), rejected.sum(), out);
    } finally {
      server.close();
      clientExecutor.shutdown();
    }
  }

  private static Result report(String mode, TestScheme scheme, int bodyBytes, int count, long nanos, long[] latencies,
      long queued, long rejected, java.io.PrintStream out) {
    if (queued != count || rejected != 0) {
      throw new AssertionError("expected every delivery to be accepted exactly once; queued " + queued + " of " + count
          + ", refused " + rejected);
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double seconds = nanos / 1e9;
    Result r = new Result(mode, scheme.toString(), bodyBytes, count, count / seconds, pct(sorted, 50), pct(sorted, 99));
    if (out != null) {
      out.printf("%-13s %-8s body %5d B: %,9d deliveries in %6.2f s = %,9.0f/s; latency p50 %7.1f us, p99 %7.1f us, "
              + "p99.9 %8.1f us, max %8.1f us; queued %d, refused %d%n",
          mode, scheme, bodyBytes, count, seconds, count / seconds, pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9),
          sorted[sorted.length - 1] / 1e3, queued, rejected);
    }
    return r;
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
  }
}
