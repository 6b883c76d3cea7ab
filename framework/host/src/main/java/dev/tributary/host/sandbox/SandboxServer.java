package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vendor stand-in on 127.0.0.1: routes by method and path pattern, and injects faults the way a
 * real vendor has bad moments, so the demo shows the framework's retries doing their job. Faults
 * are deterministic (every n-th request) and bounded in number, so runs are repeatable.
 */
final class SandboxServer implements AutoCloseable {

  /** A request as routes see it. */
  record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
      Matcher match) {
    String query(String name) {
      return query.get(name);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A response. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    static Response json(ObjectMapper json, Object value) {
      try {
        return new Response(200, Map.of("Content-Type", "application/json"), json.writeValueAsBytes(value));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    Response withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body);
    }
  }

  /** Bad moments to inject: one 503 every {@code every503} requests, one 429 every {@code every429}, capped. */
  record Faults(int every503, int every429, int max) {
    static final Faults NONE = new Faults(0, 0, 0);
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws Exception;
  }

  private record Route(String method, Pattern path, Handler handler) {}

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Route> routes = new ArrayList<>();
  private final Faults faults;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong injected503 = new AtomicLong();
  private final AtomicLong injected429 = new AtomicLong();

  SandboxServer(String name, Faults faults) {
    this.name = name;
    this.faults = faults;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the " + name + " sandbox on loopback: " + e.getMessage(), e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  SandboxServer route(String method, String pathRegex, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), handler));
    return this;
  }

  SandboxServer start() {
    server.start();
    return this;
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long requests() {
    return requests.get();
  }

  long injected503() {
    return injected503.get();
  }

  long injected429() {
    return injected429.get();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      long n = requests.incrementAndGet();
      Response response = fault(n);
      if (response == null) {
        response = dispatch(ex);
      }
      response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = response.body();
      ex.sendResponseHeaders(response.status(), body == null || body.length == 0 ? -1 : body.length);
      if (body != null && body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private Response fault(long n) {
    if (injected503.get() + injected429.get() >= faults.max()) {
      return null;
    }
    if (faults.every503() > 0 && n % faults.every503() == 0) {
      injected503.incrementAndGet();
      return new Response(503, Map.of("Content-Type", "application/json"),
          "{\"message\":\"sandbox: temporarily unavailable\"}".getBytes(StandardCharsets.UTF_8));
    }
    if (faults.every429() > 0 && n % faults.every429() == 0) {
      injected429.incrementAndGet();
      return new Response(429, Map.of("Content-Type", "application/json", "Retry-After", "1"),
          "{\"message\":\"sandbox: slow down\"}".getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private Response dispatch(HttpExchange ex) {
    URI uri = ex.getRequestURI();
    String path = uri.getRawPath();
    for (Route r : routes) {
      Matcher m = r.path().matcher(path);
      if (r.method().equals(ex.getRequestMethod()) && m.matches()) {
        try (InputStream in = ex.getRequestBody()) {
          Map<String, String> headers = new LinkedHashMap<>();
          ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
          return r.handler().handle(new Request(ex.getRequestMethod(), path, query(uri.getRawQuery()), headers,
              in.readAllBytes(), m));
        } catch (Exception e) {
          return new Response(500, Map.of("Content-Type", "application/json"),
              ("{\"message\":\"sandbox " + name + " failed: " + e.getClass().getSimpleName() + "\"}")
                  .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return new Response(404, Map.of("Content-Type", "application/json"),
        ("{\"message\":\"Not Found\",\"path\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
