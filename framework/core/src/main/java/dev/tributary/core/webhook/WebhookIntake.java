package dev.tributary.core.webhook;

import dev.tributary.api.store.StateStore;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework service behind the host's webhook endpoint. For each raw delivery addressed to a
 * connection it checks, in this order: the connection has a registered {@link WebhookEndpoint}
 * (else {@code UNKNOWN_CONNECTION}); the body is within the endpoint's limit, before any crypto
 * ({@code TOO_LARGE}); headers, signature against any active secret, and the signed timestamp's
 * window; that the delivery was not seen within the replay window ({@link StateStore#putIfAbsent}
 * with a TTL, so every process sharing the store is covered: {@code REPLAY}). It then hands the
 * verified delivery to the {@link WebhookSink} and returns at once. See {@link WebhookOutcome} for
 * the HTTP status of each outcome.
 *
 * <p>Every rejection goes to the {@link WebhookListener} and is logged at WARN with connection,
 * reason, delivery id and a message; never the body or a secret.
 *
 * <pre>
 * WebhookIntake intake = WebhookIntake.builder(stateStore, queue::enqueueWebhook)
 *     .listener(counters).build();
 * intake.register(WebhookEndpoint.builder("acme-stripe", WebhookScheme.of("stripe", null))
 *     .secrets(List.of(signingSecret)).build());
 * WebhookOutcome outcome = intake.receive("acme-stripe", delivery);   // from the HTTP handler
 * response.status(outcome.httpStatus());
 * </pre>
 *
 * Thread-safe; endpoints may be registered, replaced (secret rotation) and removed at any time.
 *
 * @since 1.0
 */
public final class WebhookIntake {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);
  /** Vendor ids used as correlation ids must be tame: they reach logs and job records. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@+=/-]{1,128}");
  private static final Pattern SAFE_CONNECTION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final StateStore stateStore;
  private final WebhookSink sink;
  private final WebhookListener listener;
  private final Supplier<String> idGenerator;
  private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();

  private WebhookIntake(Builder b) {
    this.stateStore = b.stateStore;
    this.sink = b.sink;
    this.listener = b.listener;
    this.idGenerator = b.idGenerator;
  }

  /** Starts an intake that remembers deliveries in {@code stateStore} and queues them in {@code sink}. */
  public static Builder builder(StateStore stateStore, WebhookSink sink) {
    return new Builder(stateStore, sink);
  }

  /** Registers {@code endpoint}, replacing the connection's previous one (use it to rotate secrets). */
  public void register(WebhookEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    endpoints.put(endpoint.connectionId(), endpoint);
    LOG.info("Webhook endpoint registered: {}", endpoint);
  }

  /** Removes the endpoint of {@code connectionId}; its deliveries are then refused with 404. */
  public boolean unregister(String connectionId) {
    return endpoints.remove(connectionId) != null;
  }

  /** The endpoint of {@code connectionId}, if registered. */
  public Optional<WebhookEndpoint> endpoint(String connectionId) {
    return Optional.ofNullable(endpoints.get(connectionId));
  }

  /**
   * The most body bytes worth reading for {@code connectionId}: the HTTP layer may stop reading
   * after one more byte than this and pass what it has; the intake refuses it as TOO_LARGE.
   */
  public int maxBodyBytes(String connectionId) {
    WebhookEndpoint e = endpoints.get(connectionId);
    return e == null ? WebhookEndpoint.DEFAULT_MAX_BODY_BYTES : e.maxBodyBytes();
  }

  /**
   * Verifies {@code delivery} for {@code connectionId} and queues it if authentic and new. Never
   * throws for a bad delivery: every refusal is an outcome.
   */
  public WebhookOutcome receive(String connectionId, WebhookDelivery delivery) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(delivery, "delivery");
    WebhookEndpoint endpoint = endpoints.get(connectionId);
    if (endpoint == null) {
      return reject("", loggable(connectionId), Reason.UNKNOWN_CONNECTION,
          "no webhook endpoint is registered for connection " + loggable(connectionId), Optional.empty());
    }
    if (delivery.body().length > endpoint.maxBodyBytes()) {
      return reject(connectionId, connectionId, Reason.TOO_LARGE, "body of " + delivery.body().length
          + " bytes exceeds the limit of " + endpoint.maxBodyBytes() + " bytes", Optional.empty());
    }
    Verified verified;
    try {
      verified = endpoint.check(delivery);
    } catch (WebhookRejectedException e) {
      return reject(connectionId, connectionId, e.reason(), e.getMessage(), safeId(deliveryIdHeader(endpoint, delivery)));
    } catch (RuntimeException e) {
      // A connector's own verifier failed rather than refused: not the vendor's fault.
      LOG.error("Webhook verifier failed: connection={} error={}", connectionId, e.getClass().getName());
      return unavailable(connectionId, "the verifier failed");
    }
    Optional<String> vendorId = safeId(verified.vendorDeliveryId());
    String deliveryId = vendorId.orElseGet(idGenerator);
    String key = "webhook:replay:" + connectionId + ":"
        + Crypto.hex(Crypto.sha256(List.of(verified.replayKey().getBytes(StandardCharsets.UTF_8))));
    boolean fresh;
    try {
      fresh = stateStore.putIfAbsent(key, deliveryId.getBytes(StandardCharsets.UTF_8), endpoint.replayTtl());
    } catch (RuntimeException e) {
      LOG.error("Webhook replay check failed: connection={} delivery={} error={}", connectionId, deliveryId,
          e.toString());
      return unavailable(connectionId, "the state store is unavailable");
    }
    if (!fresh) {
      return reject(connectionId, connectionId, Reason.REPLAY, "delivery already received within the replay window of "
          + endpoint.replayTtl().toSeconds() + " s", vendorId);
    }
    try {
      sink.enqueue(new VerifiedDelivery(connectionId, deliveryId, vendorId.isPresent(), delivery));
    } catch (RuntimeException e) {
      forget(key, connectionId, deliveryId);
      LOG.error("Webhook could not be queued: connection={} delivery={} error={}", connectionId, deliveryId,
          e.toString());
      return unavailable(connectionId, "the queue is unavailable");
    }
    LOG.debug("Webhook accepted: connection={} delivery={}", connectionId, deliveryId);
    notify(() -> listener.onAccepted(connectionId, deliveryId));
    return new WebhookOutcome.Accepted(connectionId, deliveryId);
  }

  private WebhookOutcome reject(String listenerConnection, String logConnection, Reason reason, String message,
      Optional<String> deliveryId) {
    LOG.warn("Webhook rejected: connection={} reason={} delivery={} message={}", logConnection, reason,
        deliveryId.orElse("-"), message);
    notify(() -> listener.onRejected(listenerConnection, reason));
    return new WebhookOutcome.Rejected(reason, message, deliveryId);
  }

  private WebhookOutcome unavailable(String connectionId, String message) {
    notify(() -> listener.onUnavailable(connectionId));
    return new WebhookOutcome.Unavailable(message);
  }

  private void forget(String key, String connectionId, String deliveryId) {
    try {
      stateStore.delete(key);
    } catch (RuntimeException e) {
      // The vendor's retry will then be refused as a replay until the key expires; say so.
      LOG.error("Webhook replay key could not be released, retries will be refused until it expires: "
          + "connection={} delivery={} error={}", connectionId, deliveryId, e.toString());
    }
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("Webhook listener failed: {}", e.toString());
    }
  }

  private static Optional<String> deliveryIdHeader(WebhookEndpoint endpoint, WebhookDelivery delivery) {
    String header = endpoint.scheme().deliveryIdHeader();
    if (header == null && endpoint.scheme().type().equals(dev.tributary.api.connector.WebhookScheme.STANDARD_WEBHOOKS)) {
      header = StandardWebhooksVerifier.ID;
    }
    return header == null ? Optional.empty() : delivery.header(header);
  }

  private static Optional<String> safeId(Optional<String> id) {
    return id.map(String::strip).filter(s -> SAFE_ID.matcher(s).matches());
  }

  private static String loggable(String connectionId) {
    return SAFE_CONNECTION.matcher(connectionId).matches() ? connectionId : "(invalid id)";
  }

  /** Builds a {@link WebhookIntake}. Not thread-safe. */
  public static final class Builder {
    private final StateStore stateStore;
    private final WebhookSink sink;
    private WebhookListener listener = WebhookListener.NONE;
    private Supplier<String> idGenerator = () -> "whk-" + UUID.randomUUID();

    private Builder(StateStore stateStore, WebhookSink sink) {
      this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Observes outcomes, e.g. {@link WebhookCounters} or a Micrometer binding. */
    public Builder listener(WebhookListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Generates correlation ids for deliveries without a vendor id; default {@code whk-<uuid>}. */
    public Builder idGenerator(Supplier<String> idGenerator) {
      this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    public WebhookIntake build() {
      return new WebhookIntake(this);
    }
  }
}
