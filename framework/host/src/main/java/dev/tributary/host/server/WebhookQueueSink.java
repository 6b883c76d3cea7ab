package dev.tributary.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.core.json.Json;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.WebhookEventJobHandler;
import dev.tributary.core.webhook.VerifiedDelivery;
import dev.tributary.core.webhook.WebhookSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Binds the webhook intake to the durable queue: each verified delivery becomes one
 * {@code webhook-event} job carrying the delivery id as its correlation id, so every line the job
 * logs can be traced to the delivery. Thread-safe.
 */
public final class WebhookQueueSink implements WebhookSink {

  private final JobQueue queue;

  public WebhookQueueSink(JobQueue queue) {
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  @Override
  public void enqueue(VerifiedDelivery d) {
    JsonNode body = body(d.delivery().body());
    queue.enqueue(WebhookEventJobHandler.request(d.connectionId(), d.deliveryId(), eventType(d, body), body)
        .correlationId(d.deliveryId())
        .build());
  }

  private static JsonNode body(byte[] raw) {
    try {
      return Json.canonical().readTree(raw);
    } catch (IOException notJson) {
      // Form-encoded and other bodies are kept as text; the processor decides what they mean.
      return TextNode.valueOf(new String(raw, StandardCharsets.UTF_8));
    }
  }

  /** The vendor's event type: GitHub's header, Stripe's and Standard Webhooks' {@code type}, HubSpot's {@code subscriptionType}. */
  static String eventType(VerifiedDelivery d, JsonNode body) {
    var github = d.delivery().header("X-GitHub-Event");
    if (github.isPresent()) {
      return github.get();
    }
    if (body.hasNonNull("type")) {
      return body.get("type").asText();
    }
    if (body.isArray() && !body.isEmpty() && body.get(0).hasNonNull("subscriptionType")) {
      return body.get(0).get("subscriptionType").asText();
    }
    return "unknown";
  }
}
