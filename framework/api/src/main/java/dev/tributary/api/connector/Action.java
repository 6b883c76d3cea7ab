package dev.tributary.api.connector;

/**
 * An outbound write to the vendor (push a contact, create a customer), run through the framework's
 * queue. The framework persists an idempotency key per action request and passes it in
 * {@link ActionContext#idempotencyKey()}; an action sends it to the vendor (e.g. Stripe's
 * {@code Idempotency-Key}) or uses a naturally idempotent call (an upsert by unique property), so a
 * retried job never writes twice. Thread-safe, stateless.
 *
 * @param <I> the input type, deserialized from the queued job's JSON
 * @param <O> the result type
 * @since 1.0
 */
public interface Action<I, O> {

  /** The action's name, unique within its connector, e.g. {@code upsert-contacts}. */
  String name();

  /** The input class, for deserializing queued requests. */
  Class<I> inputType();

  /** Performs the write. */
  O execute(ActionContext context, I input);

  /** The request being executed. */
  interface ActionContext {
    /** The connection the write goes to. */
    String connectionId();

    /** A key unique to this action request and stable across its retries. */
    String idempotencyKey();

    /**
     * The connection's non-secret options (e.g. Stripe's connected account).
     *
     * @since 1.0
     */
    default java.util.Map<String, String> options() {
      return java.util.Map.of();
    }
  }
}
