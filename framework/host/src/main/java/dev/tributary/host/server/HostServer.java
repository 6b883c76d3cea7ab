package dev.tributary.host.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.core.Tributary;
import dev.tributary.core.health.Colour;
import dev.tributary.core.health.HealthProbe;
import dev.tributary.core.health.HealthReport;
import dev.tributary.core.health.HealthRules;
import dev.tributary.core.health.HealthSnapshot;
import dev.tributary.core.health.Slo;
import dev.tributary.core.json.Json;
import dev.tributary.core.metrics.TributaryMetrics;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.webhook.WebhookIntake;
import dev.tributary.core.webhook.WebhookOutcome;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The host's HTTP server (JDK {@code HttpServer}, one virtual thread per request):
 *
 * <ul>
 * <li>{@code GET /health}: red/amber/green per component with reasons, JSON; 200 unless red (503);</li>
 * <li>{@code GET /metrics}: Prometheus text format;</li>
 * <li>{@code GET /status}: the status page for people;</li>
 * <li>{@code POST /admin/dead-letters/{id}/replay}, {@code POST /admin/dead-letters/replay-all}:
 *     admin token and cross-site checks, see {@link AdminGuard};</li>
 * <li>{@code POST /webhooks/{connection}}: the webhook intake; the status comes from
 *     {@link WebhookOutcome}, verified deliveries are queued as {@code webhook-event} jobs.</li>
 * </ul>
 *
 * <pre>{@code
 * try (HostServer server = HostServer.builder(runtime, queue, metrics, prometheus).port(0).build().start()) {
 *   URI health = server.uri("/health");
 * }
 * }</pre>
 *
 * Binds 127.0.0.1 unless told otherwise. Thread-safe once started.
 */
public final class HostServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);
  private static final Pattern REPLAY = Pattern.compile("/admin/dead-letters/(\\d{1,18})/replay");
  private static final Pattern WEBHOOK = Pattern.compile("/webhooks/([^/]{1,200})");
  /** Admin forms are tiny; anything bigger is not ours. */
  private static final int MAX_FORM_BYTES = 4096;

  private final Builder b;
  private final HealthProbe probe;
  private final AdminGuard guard;
  private final StatusHistory history = new StatusHistory(61);
  private final ObjectMapper json = Json.newMapper();
  private HttpServer server;
  private ExecutorService executor;
  private ScheduledExecutorService sampler;

  private HostServer(Builder b) {
    this.b = b;
    this.probe = new HealthProbe(b.runtime, b.metrics, b.slo, b.clock);
    this.guard = new AdminGuard(b.adminToken, b.clock);
  }

  /**
   * Starts a server for {@code runtime}, its {@code queue}, and {@code metrics} published through
   * {@code prometheus} (the registry {@code metrics} was made with, or a composite containing it).
   */
  public static Builder builder(Tributary runtime, JobQueue queue, TributaryMetrics metrics, PrometheusMeterRegistry prometheus) {
    return new Builder(runtime, queue, metrics, prometheus);
  }

  /**
   * Binds and starts serving, and samples the status history every {@code sampleEvery}.
   *
   * @throws IOException if the address cannot be bound
   */
  public synchronized HostServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started on port " + port());
    }
    server = HttpServer.create(new InetSocketAddress(b.bind, b.port), 256);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/health", ex -> handle(ex, this::health));
    server.createContext("/metrics", ex -> handle(ex, this::metrics));
    server.createContext("/status", ex -> handle(ex, this::status));
    server.createContext("/admin/", ex -> handle(ex, this::admin));
    server.createContext("/webhooks/", ex -> handle(ex, this::webhook));
    server.start();
    sampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tributary-status-sampler").unstarted(r));
    sampler.scheduleAtFixedRate(this::sampleSafely, 0, b.sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Tributary server listening on {}", uri("/"));
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** An absolute URI on this server. */
  public URI uri(String path) {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : server.getAddress().getHostString();
    return URI.create("http://" + host + ":" + port() + path);
  }

  /** Takes one status-history sample now (the scheduler does this every {@code sampleEvery}). */
  public void sample() {
    history.sample(probe.snapshot(), b.clock.instant());
  }

  /** The current health report. */
  public HealthReport health() {
    return probe.check();
  }

  private void sampleSafely() {
    try {
      sample();
    } catch (RuntimeException e) {
      LOG.warn("status sample failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(1);
      sampler.shutdownNow();
      executor.close();
      server = null;
    }
  }

  private interface Route {
    Response serve(HttpExchange ex) throws IOException;
  }

  private record Response(int status, String contentType, byte[] body) {
    static Response text(int status, String text) {
      return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void handle(HttpExchange ex, Route route) throws IOException {
    Response r;
    try {
      r = route.serve(ex);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
      r = Response.text(500, "internal error; see the host's log");
    } finally {
      MDC.remove("connection");
      MDC.remove("correlationId");
    }
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("X-Frame-Options", "DENY");
      ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
      if (r.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(r.body());
        }
      }
    }
  }

  private static Optional<Response> only(HttpExchange ex, String method) {
    if (!ex.getRequestMethod().equals(method)) {
      ex.getResponseHeaders().set("Allow", method);
      return Optional.of(Response.text(405, "use " + method));
    }
    return Optional.empty();
  }

  private Response health(HttpExchange ex) throws IOException {
    Optional<Response> wrong = only(ex, "GET");
    if (wrong.isPresent() || !ex.getRequestURI().getPath().equals("/health")) {
      return wrong.orElse(Response.text(404, "not found"));
    }
    HealthReport report = probe.check();
    ObjectNode root = json.createObjectNode();
    root.put("status", StatusPage.css(report.overall()));
    ArrayNode components = root.putArray("components");
    for (HealthReport.Component c : report.components()) {
      ObjectNode n = components.addObject();
      n.put("name", c.name());
      n.put("status", StatusPage.css(c.colour()));
      ArrayNode reasons = n.putArray("reasons");
      c.reasons().forEach(reasons::add);
    }
    return new Response(report.overall() == Colour.RED ? 503 : 200, "application/json",
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private Response metrics(HttpExchange ex) {
    Optional<Response> wrong = only(ex, "GET");
    if (wrong.isPresent()) {
      return wrong.get();
    }
    b.metrics.current(); // registers meters for streams first seen since the last scrape, before the scrape runs
    return new Response(200, "text/plain; version=0.0.4; charset=utf-8",
        b.prometheus.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private Response status(HttpExchange ex) {
    Optional<Response> wrong = only(ex, "GET");
    if (wrong.isPresent()) {
      return wrong.get();
    }
    HealthSnapshot snapshot = probe.snapshot();
    HealthReport report = HealthRules.evaluate(snapshot, b.slo, b.clock);
    var dead = b.queue.deadLetters(50);
    long count = b.queue.stats().deadLetters();
    String html = StatusPage.render(report, b.slo, history::samples, dead, count,
        guard.enabled() ? Optional.of(guard.issueCsrf()) : Optional.empty(), b.clock.instant(),
        id -> Optional.ofNullable(b.runtime.connectors().get(b.runtime.connection(id).connectorId()).manifest().supportUrl()));
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    return new Response(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private Response admin(HttpExchange ex) throws IOException {
    Optional<Response> wrong = only(ex, "POST");
    if (wrong.isPresent()) {
      return wrong.get();
    }
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readNBytes(MAX_FORM_BYTES + 1);
    }
    if (raw.length > MAX_FORM_BYTES) {
      return Response.text(413, "form larger than " + MAX_FORM_BYTES + " bytes");
    }
    Map<String, String> form = parseForm(new String(raw, StandardCharsets.UTF_8));
    Optional<AdminGuard.Refusal> refused = guard.check(ex, form);
    if (refused.isPresent()) {
      LOG.warn("admin request refused: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), refused.get().message());
      return Response.text(refused.get().status(), refused.get().message());
    }
    String path = ex.getRequestURI().getPath();
    boolean fromForm = !form.isEmpty();
    Matcher m = REPLAY.matcher(path);
    String done;
    if (m.matches()) {
      long id = Long.parseLong(m.group(1));
      try {
        JobQueue.Enqueued e = b.queue.replay(id);
        done = "replayed dead letter " + id + " as job " + e.jobId();
      } catch (IllegalArgumentException e) {
        return Response.text(404, e.getMessage());
      }
    } else if (path.equals("/admin/dead-letters/replay-all")) {
      done = "replayed " + b.queue.replayAll(Optional.empty()) + " dead letters";
    } else {
      return Response.text(404, "no admin action at " + path);
    }
    LOG.info("admin: {}", done);
    if (fromForm) {
      ex.getResponseHeaders().set("Location", "/status");
      return Response.text(303, done);
    }
    return Response.text(200, done);
  }

  private Response webhook(HttpExchange ex) throws IOException {
    Optional<Response> wrong = only(ex, "POST");
    if (wrong.isPresent()) {
      return wrong.get();
    }
    String rawPath = ex.getRequestURI().getRawPath();
    Matcher m = WEBHOOK.matcher(rawPath);
    String connection = m.matches() ? m.group(1) : "";
    MDC.put("connection", connection.matches("[A-Za-z0-9._-]{1,64}") ? connection : "invalid");
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(b.intake.maxBodyBytes(connection) + 1);
    }
    String query = ex.getRequestURI().getRawQuery();
    String calledUri = b.publicBaseUrl.orElseGet(() -> "http://" + Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("Host"), "localhost"))
        + rawPath + (query == null ? "" : "?" + query);
    WebhookDelivery delivery = new WebhookDelivery(ex.getRequestMethod(), calledUri, Map.copyOf(ex.getRequestHeaders()),
        body, b.clock.instant());
    WebhookOutcome outcome = b.intake.receive(connection, delivery);
    return switch (outcome) {
      case WebhookOutcome.Accepted a -> {
        MDC.put("correlationId", a.deliveryId());
        LOG.info("webhook accepted and queued");
        yield Response.text(202, "accepted " + a.deliveryId());
      }
      case WebhookOutcome.Rejected r -> Response.text(r.httpStatus(), r.reason() + ": " + r.message());
      case WebhookOutcome.Unavailable u -> Response.text(503, u.message());
    };
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body.isBlank()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** Builds a {@link HostServer}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Tributary runtime;
    private final JobQueue queue;
    private final TributaryMetrics metrics;
    private final PrometheusMeterRegistry prometheus;
    private WebhookIntake intake;
    private Slo slo = Slo.defaults();
    private Clock clock = Clock.systemUTC();
    private String bind = "127.0.0.1";
    private int port = 8080;
    private Optional<Secret> adminToken = Optional.empty();
    private Optional<String> publicBaseUrl = Optional.empty();
    private Duration sampleEvery = Duration.ofMinutes(1);

    private Builder(Tributary runtime, JobQueue queue, TributaryMetrics metrics, PrometheusMeterRegistry prometheus) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      this.queue = Objects.requireNonNull(queue, "queue");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    }

    /** The webhook intake; default: one with no endpoints, so every delivery is refused 404. */
    public Builder webhooks(WebhookIntake intake) {
      this.intake = Objects.requireNonNull(intake, "intake");
      return this;
    }

    public Builder slo(Slo slo) {
      this.slo = Objects.requireNonNull(slo, "slo");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The address to bind; default 127.0.0.1. */
    public Builder bind(String address) {
      Objects.requireNonNull(address, "bind");
      if (address.isBlank()) {
        throw new IllegalArgumentException("bind address is blank; use 127.0.0.1, or 0.0.0.0 for every interface");
      }
      this.bind = address;
      return this;
    }

    /** @throws IllegalArgumentException unless 0-65535 (0 picks a free port) */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The admin token; without one the admin actions are refused. */
    public Builder adminToken(Secret token) {
      this.adminToken = Optional.of(Objects.requireNonNull(token, "adminToken"));
      return this;
    }

    /**
     * The URL vendors call, e.g. {@code https://hooks.example.com} behind a TLS proxy (HubSpot signs
     * it); default {@code http://} plus the request's Host header.
     */
    public Builder publicBaseUrl(String url) {
      URI u = URI.create(Objects.requireNonNull(url, "publicBaseUrl"));
      if (u.getHost() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || (u.getPath() != null && !u.getPath().isEmpty())) {
        throw new IllegalArgumentException("publicBaseUrl must be http(s)://host[:port] without a path, was '" + url + "'");
      }
      this.publicBaseUrl = Optional.of(url);
      return this;
    }

    /** How often the status page's history is sampled; default one minute. */
    public Builder sampleEvery(Duration d) {
      Objects.requireNonNull(d, "sampleEvery");
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException("sampleEvery must be at least 1 ms, was " + d);
      }
      this.sampleEvery = d;
      return this;
    }

    public HostServer build() {
      if (intake == null) {
        intake = WebhookIntake.builder(runtime.state(), new WebhookQueueSink(queue)).listener(metrics.webhooks()).build();
      }
      return new HostServer(this);
    }
  }
}
