package dev.tributary.core.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.Action;
import dev.tributary.core.json.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code action} jobs: an outbound vendor write ({@link Action}) with payload
 * {@code {"action":"upsert-contact","input":{...}}} for the job's connection. The job's
 * idempotency key, made once at enqueue and kept across retries and replays, is handed to the
 * action as {@link Action.ActionContext#idempotencyKey()}, so a retried write is recognised by the
 * vendor and never applied twice.
 */
public final class ActionJobHandler implements JobHandler {

  private static final Logger log = LoggerFactory.getLogger(ActionJobHandler.class);

  /** The job kind. */
  public static final String KIND = "action";

  private final Actions actions;

  /** Finds the actions of a connection's connector, by name. */
  @FunctionalInterface
  public interface Actions {
    Optional<Action<?, ?>> find(String connectionId, String actionName);
  }

  public ActionJobHandler(Actions actions) {
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  /** An action job; its idempotency key is made now unless the caller passes its own to the builder. */
  public static JobRequest.Builder request(String connectionId, String actionName, Object input) {
    return JobRequest.builder(KIND)
        .connectionId(connectionId)
        .payload(Map.of("action", actionName, "input", Json.canonical().valueToTree(input)));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void handle(JobContext job) throws Exception {
    String connectionId = job.connectionId().orElseThrow(() ->
        new PermanentJobException("action job " + job.id() + " has no connection"));
    String name = job.payload().path("action").asText("");
    @SuppressWarnings("unchecked")
    Action<Object, Object> action = (Action<Object, Object>) actions.find(connectionId, name).orElseThrow(() ->
        new PermanentJobException("connection '" + connectionId + "' has no action '" + name + "'"));
    JsonNode inputTree = job.payload().path("input");
    Object input;
    try {
      input = Json.canonical().treeToValue(inputTree, action.inputType());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PermanentJobException("input of action '" + name + "' does not fit " + action.inputType().getSimpleName()
          + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    String key = job.idempotencyKey();
    action.execute(new Context(connectionId, key), input);
    log.info("action '{}' for connection '{}' done (attempt {})", name, connectionId, job.job().attempt());
  }

  private record Context(String connectionId, String idempotencyKey) implements Action.ActionContext {}
}
