package dev.tributary.testkit;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a connector against its golden server at N times the golden volume (N connections, each
 * syncing the stream's golden pages, on a small worker pool) while the golden server enforces a
 * rate limit of its own (429 with {@code Retry-After: 1} past {@code permits} requests per second
 * of virtual time), and reports throughput and rate-limit behaviour. Waits run on virtual time, so
 * the wall-clock throughput measures the runtime and connector, not the sleeps. A harness, not a
 * test: it asserts nothing about speed.
 *
 * <pre>{@code
 * LoadHarness.Report r = LoadHarness.builder(new StripeConnectorProvider(), settings, MyTest.class, "charges")
 *     .multiplier(50).vendorPermitsPerSecond(25).build().run();
 * System.out.println(r.describe());
 * }</pre>
 */
public final class LoadHarness {

  private final ConnectorProvider provider;
  private final ContractSettings settings;
  private final Class<?> anchor;
  private final String stream;
  private final int multiplier;
  private final int permitsPerSecond;
  private final int workers;

  private LoadHarness(Builder b) {
    this.provider = b.provider;
    this.settings = b.settings;
    this.anchor = b.anchor;
    this.stream = b.stream;
    this.multiplier = b.multiplier;
    this.permitsPerSecond = b.permitsPerSecond;
    this.workers = b.workers;
  }

  public static Builder builder(ConnectorProvider provider, ContractSettings settings, Class<?> anchor, String stream) {
    return new Builder(provider, settings, anchor, stream);
  }

  /**
   * What a load run did.
   *
   * @param syncs syncs run (one per connection)
   * @param failedSyncs syncs that did not end DONE
   * @param pages pages committed
   * @param records records committed
   * @param wall wall-clock time of the whole run
   * @param rateLimited 429 answers the runtime saw
   * @param waited virtual time spent waiting (Retry-After, backoff, client-side rate limit)
   * @param queueDepth the job queue's depth, when the run went through one; -1 when it did not
   */
  public record Report(int syncs, int failedSyncs, long pages, long records, Duration wall, int rateLimited,
      Duration waited, int queueDepth) {

    public double pagesPerSecond() {
      return pages / Math.max(1e-9, wall.toNanos() / 1e9);
    }

    public double recordsPerSecond() {
      return records / Math.max(1e-9, wall.toNanos() / 1e9);
    }

    /** One line for a log or a benchmark report. */
    public String describe() {
      return String.format(Locale.ROOT, "%d syncs (%d failed): %d pages, %d records in %d ms = %.1f pages/s, %.1f records/s;"
          + " %d rate-limited answers, %.1f s waited (virtual); queue depth %s", syncs, failedSyncs, pages, records,
          wall.toMillis(), pagesPerSecond(), recordsPerSecond(), rateLimited, waited.toMillis() / 1000.0,
          queueDepth < 0 ? "n/a (no queue)" : Integer.toString(queueDepth));
    }
  }

  /** Runs the load and reports; every sync runs to its end. */
  public Report run() {
    ContractChecks checks = new ContractChecks(provider, settings, anchor);
    checks.spec(stream);
    Golden golden = Golden.locate(settings, anchor);
    try (Rig rig = new Rig(provider, settings, golden.stream(stream).copies(), Rig.TokenEndpoint.GRANTS, multiplier,
        time -> new VendorRateLimit(time, permitsPerSecond), Rig.NORMAL_READ_TIMEOUT)) {
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      long start = System.nanoTime();
      List<Future<SyncResult>> results = new ArrayList<>();
      for (int i = 0; i < multiplier; i++) {
        String connection = i == 0 ? Rig.CONNECTION : Rig.CONNECTION + "-" + (i + 1);
        results.add(pool.submit(() -> rig.runtime.sync(connection, stream, SyncStart.full())));
      }
      long pages = 0;
      long records = 0;
      int failed = 0;
      try {
        for (Future<SyncResult> f : results) {
          SyncResult r = f.get();
          pages += r.pages();
          records += r.records();
          failed += r.stoppedBecause() == SyncResult.StopReason.DONE ? 0 : 1;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a sync threw: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      int limited = (int) rig.attempts.stream().filter(a -> a.status() == 429).count();
      return new Report(multiplier, failed, pages, records, wall, limited, rig.time.slept(), -1);
    }
  }

  /** The golden server's own limit: past {@code permits} requests in a second of virtual time, 429. */
  static final class VendorRateLimit implements ResponseDefinitionTransformerV2 {
    private final VirtualTime time;
    private final int permits;
    private long window = Long.MIN_VALUE;
    private int used;

    VendorRateLimit(VirtualTime time, int permits) {
      this.time = time;
      this.permits = permits;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
      long second = time.instant().getEpochSecond();
      if (second != window) {
        window = second;
        used = 0;
      }
      if (++used > permits) {
        return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(429)
            .withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"rate limited by the load harness\"}").build();
      }
      return event.getResponseDefinition();
    }

    @Override
    public String getName() {
      return "load-harness-rate-limit";
    }
  }

  /** Configures a {@link LoadHarness}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private final ConnectorProvider provider;
    private final ContractSettings settings;
    private final Class<?> anchor;
    private final String stream;
    private int multiplier = 10;
    private int permitsPerSecond = 20;
    private int workers = 4;

    private Builder(ConnectorProvider provider, ContractSettings settings, Class<?> anchor, String stream) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.settings = Objects.requireNonNull(settings, "settings");
      this.anchor = Objects.requireNonNull(anchor, "anchor");
      this.stream = Objects.requireNonNull(stream, "stream");
    }

    /** N: how many times the golden volume to sync (one connection each). Default 10, at most 1000. */
    public Builder multiplier(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("multiplier must be 1-1000, was " + n);
      }
      multiplier = n;
      return this;
    }

    /** The golden server's limit per second of virtual time. Default 20. */
    public Builder vendorPermitsPerSecond(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("vendorPermitsPerSecond must be >= 1, was " + n);
      }
      permitsPerSecond = n;
      return this;
    }

    /** Concurrent syncs. Default 4. */
    public Builder workers(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("workers must be 1-64, was " + n);
      }
      workers = n;
      return this;
    }

    public LoadHarness build() {
      return new LoadHarness(this);
    }
  }
}
