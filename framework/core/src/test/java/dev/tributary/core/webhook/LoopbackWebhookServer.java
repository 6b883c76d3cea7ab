package dev.tributary.core.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.webhook.WebhookDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 in front of an intake, doing what the host's endpoint will do:
 * {@code POST /webhooks/<connection>}, read at most the limit plus one byte, answer the outcome's
 * status (and its message for refusals).
 */
final class LoopbackWebhookServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final WebhookIntake intake;
  private final String publicBaseUrl;
  private final Clock clock;

  /**
   * @param publicBaseUrl the URL the vendor calls (HubSpot signs it), e.g.
   *     {@code https://hooks.example.com}; the request path is appended
   */
  LoopbackWebhookServer(WebhookIntake intake, String publicBaseUrl, Clock clock) throws IOException {
    this.intake = intake;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(executor);
    server.createContext("/webhooks/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String connection = path.substring("/webhooks/".length());
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(intake.maxBodyBytes(connection) + 1);
    }
    WebhookDelivery delivery = new WebhookDelivery(exchange.getRequestMethod(), publicBaseUrl + path,
        Map.copyOf(exchange.getRequestHeaders()), body, clock.instant());
    WebhookOutcome outcome = intake.receive(connection, delivery);
    byte[] answer = switch (outcome) {
      case WebhookOutcome.Accepted a -> a.deliveryId().getBytes(StandardCharsets.UTF_8);
      case WebhookOutcome.Rejected r -> (r.reason() + ": " + r.message()).getBytes(StandardCharsets.UTF_8);
      case WebhookOutcome.Unavailable u -> u.message().getBytes(StandardCharsets.UTF_8);
    };
    exchange.sendResponseHeaders(outcome.httpStatus(), answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
