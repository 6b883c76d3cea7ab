package dev.tributary.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * Runs {@code webhook-event} jobs, payload
 * {@code {"deliveryId":"...","eventType":"...","body":{...}}}, with a {@link WebhookEventProcessor}.
 */
public final class WebhookEventJobHandler implements JobHandler {

  /** The job kind. */
  public static final String KIND = "webhook-event";

  private final WebhookEventProcessor processor;

  public WebhookEventJobHandler(WebhookEventProcessor processor) {
    this.processor = Objects.requireNonNull(processor, "processor");
  }

  /** A job for a verified delivery; a redelivery of the same id while it is queued is a no-op. */
  public static JobRequest.Builder request(String connectionId, String deliveryId, String eventType, JsonNode body) {
    return JobRequest.builder(KIND)
        .connectionId(connectionId)
        .dedupeKey("webhook:" + connectionId + ":" + deliveryId)
        .payload(Map.of("deliveryId", deliveryId, "eventType", eventType, "body", body));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void handle(JobContext job) throws Exception {
    JsonNode p = job.payload();
    if (!p.hasNonNull("deliveryId") || !p.hasNonNull("eventType") || !p.has("body")) {
      throw new PermanentJobException("webhook-event job " + job.id() + " needs deliveryId, eventType and body");
    }
    String connectionId = job.connectionId().orElseThrow(() ->
        new PermanentJobException("webhook-event job " + job.id() + " has no connection"));
    processor.process(new WebhookEvent(connectionId, p.get("deliveryId").asText(), p.get("eventType").asText(),
        p.get("body"), job.job().correlationId()));
  }
}
