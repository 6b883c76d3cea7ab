package dev.tributary.benchmarks.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback vendor serving {@code total} HubSpot-like contacts in cursor-paginated JSON pages:
 * {@code GET /contacts?after=N&limit=100}. Records are generated on the fly from their index, so a
 * million of them cost no memory, and every side of the benchmark reads byte-identical pages.
 * Every {@code throttleEvery}-th request is refused with {@code 429} and {@code Retry-After}
 * (seconds) instead, as a rate-limited vendor would; the retry of the same page then succeeds.
 */
final class VendorServer implements AutoCloseable {

  static final Instant BASE = Instant.parse("2025-06-01T00:00:00Z");
  private static final String[] STAGES = {"subscriber", "lead", "marketingqualifiedlead", "opportunity", "customer"};
  private static final String[] CITIES = {"Lisbon", "Berlin", "Austin", "Osaka", "Nairobi", "Lyon", "Toronto"};

  private final HttpServer server;
  private final ExecutorService executor;
  private final int total;
  private final int throttleEvery;
  private final int retryAfterSeconds;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  VendorServer(int total) throws IOException {
    this(total, 0, 0);
  }

  /** {@code throttleEvery} 0 never throttles. */
  VendorServer(int total, int throttleEvery, int retryAfterSeconds) throws IOException {
    this.total = total;
    this.throttleEvery = throttleEvery;
    this.retryAfterSeconds = retryAfterSeconds;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/contacts", this::contacts);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many requests were answered 429 so far. */
  long throttled() {
    return throttled.get();
  }

  private void contacts(HttpExchange ex) throws IOException {
    try (ex) {
      if (throttleEvery > 0 && requests.incrementAndGet() % throttleEvery == 0) {
        throttled.incrementAndGet();
        ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = "{\"status\":\"error\",\"category\":\"RATE_LIMITS\"}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(429, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
        return;
      }
      int after = 0;
      int limit = 100;
      String q = ex.getRequestURI().getRawQuery();
      if (q != null) {
        for (String kv : q.split("&")) {
          int eq = kv.indexOf('=');
          String k = eq < 0 ? kv : kv.substring(0, eq);
          String v = eq < 0 ? "" : kv.substring(eq + 1);
          if (k.equals("after") && !v.isEmpty()) {
            after = Integer.parseInt(v);
          } else if (k.equals("limit")) {
            limit = Integer.parseInt(v);
          }
        }
      }
      int end = Math.min(total, after + limit);
      StringBuilder sb = new StringBuilder(1100 * (end - after) + 100);
      sb.append("{\"results\":[");
      for (int i = after; i < end; i++) {
        if (i > after) {
          sb.append(',');
        }
        contact(sb, i);
      }
      sb.append(']');
      if (end < total) {
        sb.append(",\"paging\":{\"next\":{\"after\":\"").append(end).append("\"}}");
      }
      sb.append('}');
      byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** One contact, about 900 bytes of JSON. */
  static void contact(StringBuilder sb, int i) {
    String id = Integer.toString(100_000 + i);
    Instant created = BASE.plusSeconds(i * 37L);
    Instant updated = created.plusSeconds(86_400L + (i % 1000) * 13L);
    String first = "Firstname" + (i % 977);
    String last = "Lastname" + (i % 1231);
    sb.append("{\"id\":\"").append(id).append('"')
        .append(",\"createdAt\":\"").append(created).append('"')
        .append(",\"updatedAt\":\"").append(updated).append('"')
        .append(",\"archived\":false")
        .append(",\"properties\":{")
        .append("\"email\":\"").append(first.toLowerCase()).append('.').append(last.toLowerCase()).append(i).append("@example.com\"")
        .append(",\"firstname\":\"").append(first).append('"')
        .append(",\"lastname\":\"").append(last).append('"')
        .append(",\"phone\":\"+1-555-").append(1000 + i % 9000).append('"')
        .append(",\"company\":\"Company ").append(i % 5003).append(" Ltd\"")
        .append(",\"website\":\"https://company").append(i % 5003).append(".example.com\"")
        .append(",\"address\":\"").append(1 + i % 999).append(" Main Street, Suite ").append(i % 50).append('"')
        .append(",\"city\":\"").append(CITIES[i % CITIES.length]).append('"')
        .append(",\"zip\":\"").append(10_000 + i % 89_999).append('"')
        .append(",\"country\":\"Portugal\"")
        .append(",\"jobtitle\":\"Head of Operations\"")
        .append(",\"lifecyclestage\":\"").append(STAGES[i % STAGES.length]).append('"')
        .append(",\"hs_lead_status\":\"OPEN\"")
        .append(",\"hs_object_id\":\"").append(id).append('"')
        .append(",\"notes\":\"Met at the spring conference; interested in the annual plan for ")
        .append(10 + i % 490).append(" seats, follow up after the budget review in Q3. Prefers email over calls.\"")
        .append("}}");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
