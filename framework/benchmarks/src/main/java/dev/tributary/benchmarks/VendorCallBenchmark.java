package dev.tributary.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.Authenticators;
import dev.tributary.core.http.ConnectionHandle;
import dev.tributary.core.http.CurrentConnection;
import dev.tributary.core.http.HttpSettings;
import dev.tributary.core.http.VendorClientFactory;
import feign.RequestLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One vendor call through the whole pipeline (routing proxy, Feign, egress check, auth and
 * correlation headers, rate limiter, bulkhead, circuit breaker, retry loop, size limit, JSON
 * decode, log line) against the same call made with a bare {@link HttpClient} and Jackson, both
 * to one loopback server. Goal: pipeline at most 1.10x the raw time per call. Run with
 * {@link BenchmarkMain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 8, time = 2)
public class VendorCallBenchmark {

  /** A vendor record. */
  public record Item(String id, String name, long updatedAt) {}

  /** The vendor API as a connector would declare it. */
  public interface BenchApi {
    @RequestLine("GET /items?limit={limit}")
    List<Item> items(@feign.Param("limit") int limit);
  }

  static final TypeReference<List<Item>> ITEMS = new TypeReference<>() {};

  private HttpServer server;
  private ExecutorService serverThreads;
  private HttpClient rawClient;
  private ObjectMapper rawMapper;
  private URI rawUri;
  private BenchApi api;
  private ConnectionHandle connection;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    byte[] body = body(20);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext("/items", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    rawClient = VendorClientFactory.newHttpClient(HttpSettings.defaults());
    rawMapper = VendorClientFactory.newObjectMapper();
    rawUri = URI.create(base + "/items?limit=20");

    ConnectorManifest manifest = ConnectorManifest.builder("bench", "1.0.0")
        .baseUrl(URI.create("https://api.bench.test"))
        .egressHosts("api.bench.test")
        .auth(AuthScheme.bearer())
        .stream(StreamSpec.builder("items").build())
        .build();
    VendorClientFactory factory = VendorClientFactory.builder().frameworkVersion("bench").build();
    api = factory.vendorClients(manifest).create(BenchApi.class);
    connection = new ConnectionHandle(
        ConnectionConfig.builder("bench-1", "bench").baseUrl(URI.create(base)).build(),
        Authenticators.bearer(Secret.of("bench-token", "bench")));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Benchmark
  public List<Item> pipeline() throws Exception {
    return CurrentConnection.run(connection, () -> api.items(20));
  }

  @Benchmark
  public List<Item> raw() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(rawUri)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer bench-token")
        .GET().build();
    HttpResponse<InputStream> response = rawClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("status " + response.statusCode());
      }
      return rawMapper.readValue(in, ITEMS);
    }
  }

  static byte[] body(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"id\":\"item-").append(i).append("\",\"name\":\"Item number ").append(i)
          .append("\",\"updatedAt\":").append(1_700_000_000_000L + i).append('}');
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }
}
