package dev.tributary.core.webhook;

import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookVerifier;
import dev.tributary.core.webhook.GenericHmacScheme.Encoding;
import dev.tributary.core.webhook.GenericHmacScheme.TimestampUnit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How one connection receives webhooks: its scheme, its active secrets (current and, while
 * rotating, previous), time window, body limit and replay window. Building it builds the verifier,
 * so bad settings fail here, not on the first delivery. Immutable, thread-safe; its
 * {@link #toString()} names secret sources, never values.
 *
 * <pre>
 * WebhookEndpoint github = WebhookEndpoint.builder("acme-github", manifest.webhook())
 *     .secrets(List.of(current, previous))
 *     .build();
 * intake.register(github);
 * </pre>
 *
 * <p>Scheme defaults: {@code hmac-sha256-hex} reads {@code X-Hub-Signature-256: sha256=<hex>} over
 * the body; {@code stripe}, {@code hubspot-v3} and {@code standard-webhooks} use a 300 s
 * tolerance; every timestamped scheme allows {@link #DEFAULT_CLOCK_SKEW} into the future.
 *
 * @since 1.0
 */
public final class WebhookEndpoint {

  /** Bodies above this many bytes are refused before any crypto: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** How old a signed timestamp may be: 5 minutes, as Stripe's, HubSpot's and Standard Webhooks' libraries. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  /** How far in the future a signed timestamp may be. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** How long a delivery is remembered when the scheme signs no timestamp (GitHub). */
  public static final Duration DEFAULT_UNTIMED_REPLAY_WINDOW = Duration.ofHours(24);
  /** At most this many secrets are active at once: the current one and the previous one. */
  public static final int MAX_SECRETS = 2;

  private static final String HUB_SIGNATURE_256 = "X-Hub-Signature-256";
  private static final String HUBSPOT_SIGNATURE_V3 = "X-HubSpot-Signature-v3";
  private static final String HUBSPOT_TIMESTAMP = "X-HubSpot-Request-Timestamp";

  private final String connectionId;
  private final WebhookScheme scheme;
  private final List<Secret> secrets;
  private final Duration tolerance;
  private final Duration clockSkew;
  private final int maxBodyBytes;
  private final Duration replayWindow;
  private final GenericHmacScheme generic;
  private final WebhookVerifier custom;
  private final SchemeVerifier verifier;
  private final Duration replayTtl;

  private WebhookEndpoint(Builder b) {
    this.connectionId = b.connectionId;
    this.scheme = b.scheme;
    this.secrets = List.copyOf(b.secrets);
    this.tolerance = b.tolerance;
    this.clockSkew = b.clockSkew;
    this.maxBodyBytes = b.maxBodyBytes;
    this.replayWindow = b.replayWindow;
    this.generic = b.generic;
    this.custom = b.custom;
    this.verifier = createVerifier();
    Duration minimum = verifier.timestamped() ? new TimeWindow(tolerance, clockSkew).replayTtl() : null;
    if (replayWindow != null && minimum != null && replayWindow.compareTo(minimum) < 0) {
      throw new IllegalArgumentException("connection " + connectionId + ": replayWindow " + replayWindow
          + " is shorter than tolerance + clock skew (" + minimum + "): a replay could pass once the key expired");
    }
    this.replayTtl = replayWindow != null ? replayWindow : minimum != null ? minimum : DEFAULT_UNTIMED_REPLAY_WINDOW;
  }

  /**
   * Starts the endpoint of connection {@code connectionId} with the connector's declared scheme.
   *
   * @throws IllegalArgumentException if the connection id is blank
   */
  public static Builder builder(String connectionId, WebhookScheme scheme) {
    return new Builder(connectionId, scheme);
  }

  public String connectionId() {
    return connectionId;
  }

  public WebhookScheme scheme() {
    return scheme;
  }

  /** The sources of the active secrets, current first; safe to log. */
  public List<String> secretSources() {
    return secrets.stream().map(Secret::source).toList();
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How long a delivery's replay key is kept. */
  public Duration replayTtl() {
    return replayTtl;
  }

  /** The framework's verifier for this endpoint (the connector's own if it binds one). */
  public WebhookVerifier verifier() {
    return verifier;
  }

  /**
   * The same endpoint with other active secrets: rotate by registering
   * {@code withSecrets(List.of(next, current))}, then {@code withSecrets(List.of(next))} once the
   * vendor signs with the new one only.
   *
   * @throws IllegalArgumentException as {@link Builder#secrets}
   */
  public WebhookEndpoint withSecrets(List<Secret> newSecrets) {
    Builder b = toBuilder();
    b.secrets(newSecrets);
    return b.build();
  }

  Verified check(WebhookDelivery delivery) {
    return verifier.check(delivery);
  }

  private Builder toBuilder() {
    Builder b = new Builder(connectionId, scheme);
    b.secrets = secrets;
    b.tolerance = tolerance;
    b.clockSkew = clockSkew;
    b.maxBodyBytes = maxBodyBytes;
    b.replayWindow = replayWindow;
    b.generic = generic;
    b.custom = custom;
    return b;
  }

  private SchemeVerifier createVerifier() {
    if (custom != null) {
      return new CustomVerifier(custom, scheme.deliveryIdHeader());
    }
    String type = scheme.type();
    if (type.equals(WebhookScheme.NONE)) {
      throw new IllegalArgumentException("connection " + connectionId
          + ": its connector accepts no webhooks (scheme 'none'); do not register a webhook endpoint for it");
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("connection " + connectionId + ": scheme '" + type
          + "' needs at least one secret: call secrets(List.of(current)) or secrets(List.of(current, previous))");
    }
    List<byte[]> keys = secrets.stream().map(Secret::revealBytes).toList();
    TimeWindow window = new TimeWindow(tolerance, clockSkew);
    if (generic != null && !type.equals(GenericHmacScheme.TYPE)) {
      throw new IllegalArgumentException("connection " + connectionId + ": a GenericHmacScheme is set but the scheme type is '"
          + type + "', not '" + GenericHmacScheme.TYPE + "'");
    }
    return switch (type) {
      case WebhookScheme.HMAC_SHA256_HEX -> new TemplateHmacVerifier(
          GenericHmacScheme.builder(HUB_SIGNATURE_256).prefix("sha256=").build(), keys, null,
          scheme.deliveryIdHeader(), UnaryOperator.identity());
      case WebhookScheme.STRIPE -> new StripeVerifier(keys, window);
      case WebhookScheme.HUBSPOT_V3 -> new TemplateHmacVerifier(
          GenericHmacScheme.builder(HUBSPOT_SIGNATURE_V3).encoding(Encoding.BASE64)
              .timestampHeader(HUBSPOT_TIMESTAMP, TimestampUnit.MILLISECONDS)
              .template("{method}{uri}{body}{timestamp}").build(),
          keys, window, scheme.deliveryIdHeader(), HubSpotUri::decode);
      case WebhookScheme.STANDARD_WEBHOOKS -> new StandardWebhooksVerifier(
          secrets.stream().map(StandardWebhooksVerifier::key).toList(), window);
      case GenericHmacScheme.TYPE -> {
        if (generic == null) {
          throw new IllegalArgumentException("connection " + connectionId + ": scheme '" + GenericHmacScheme.TYPE
              + "' needs its settings: call generic(GenericHmacScheme.builder(header)...build())");
        }
        yield new TemplateHmacVerifier(generic, keys, generic.timestampHeader().isPresent() ? window : null,
            scheme.deliveryIdHeader(), UnaryOperator.identity());
      }
      default -> throw new IllegalArgumentException("connection " + connectionId + ": unknown webhook scheme '" + type
          + "'. Supported: " + WebhookScheme.HMAC_SHA256_HEX + ", " + WebhookScheme.STRIPE + ", "
          + WebhookScheme.HUBSPOT_V3 + ", " + WebhookScheme.STANDARD_WEBHOOKS + ", " + GenericHmacScheme.TYPE
          + "; or bind the connector's own WebhookVerifier");
    };
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + connectionId + ", " + scheme.type() + ", secrets " + secretSources()
        + ", max " + maxBodyBytes + " bytes, replay window " + replayTtl + "]";
  }

  /** Adapts a connector's own verifier: its returned id is the replay key. */
  private record CustomVerifier(WebhookVerifier delegate, String idHeader) implements SchemeVerifier {
    @Override
    public Verified check(WebhookDelivery delivery) {
      String id = delegate.verify(delivery);
      if (id == null || id.isEmpty()) {
        throw new IllegalStateException("verifier " + delegate.getClass().getName()
            + " returned no id: it must return a delivery id or the signature");
      }
      Optional<String> vendorId = idHeader == null ? Optional.empty()
          : delivery.header(idHeader).map(String::strip).filter(s -> !s.isEmpty());
      return new Verified("custom:" + id, vendorId);
    }

    @Override
    public boolean timestamped() {
      return false;
    }
  }

  /** Builds a {@link WebhookEndpoint}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String connectionId;
    private final WebhookScheme scheme;
    private List<Secret> secrets = List.of();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration replayWindow;
    private GenericHmacScheme generic;
    private WebhookVerifier custom;

    private Builder(String connectionId, WebhookScheme scheme) {
      Objects.requireNonNull(connectionId, "connectionId");
      if (connectionId.isBlank()) {
        throw new IllegalArgumentException("connectionId is blank");
      }
      this.connectionId = connectionId;
      this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /**
     * The active secrets, current first; a second one keeps the previous secret valid while rotating.
     *
     * @throws IllegalArgumentException if there are more than {@link #MAX_SECRETS} or a duplicate
     */
    public Builder secrets(List<Secret> secrets) {
      List<Secret> copy = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
      if (copy.size() > MAX_SECRETS) {
        throw new IllegalArgumentException("connection " + connectionId + ": at most " + MAX_SECRETS
            + " secrets (current and previous) may be active at once, got " + copy.size());
      }
      if (copy.size() == 2 && copy.get(0).equals(copy.get(1))) {
        throw new IllegalArgumentException("connection " + connectionId + ": the current and previous secret are the same ("
            + copy.get(0).source() + ", " + copy.get(1).source() + ")");
      }
      this.secrets = copy;
      return this;
    }

    /**
     * How old a signed timestamp may be; default {@link #DEFAULT_TOLERANCE}.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = positive(tolerance, "tolerance");
      return this;
    }

    /**
     * How far in the future a signed timestamp may be; default {@link #DEFAULT_CLOCK_SKEW}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder clockSkew(Duration clockSkew) {
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must be >= 0, was " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * The largest body accepted; default {@link #DEFAULT_MAX_BODY_BYTES}.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long a delivery is remembered for replay protection; default tolerance + clock skew for
     * timestamped schemes, {@link #DEFAULT_UNTIMED_REPLAY_WINDOW} otherwise.
     *
     * @throws IllegalArgumentException unless positive (and, at build, not shorter than tolerance +
     *     clock skew for a timestamped scheme)
     */
    public Builder replayWindow(Duration replayWindow) {
      this.replayWindow = positive(replayWindow, "replayWindow");
      return this;
    }

    /** The settings of a {@code hmac-generic} scheme. */
    public Builder generic(GenericHmacScheme generic) {
      this.generic = Objects.requireNonNull(generic, "generic");
      return this;
    }

    /**
     * Uses the connector's own verifier instead of the framework's; its returned id is the replay
     * key, and secrets are its business.
     */
    public Builder customVerifier(WebhookVerifier verifier) {
      this.custom = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Builds the endpoint and its verifier.
     *
     * @throws IllegalArgumentException naming the connection and what to fix: unknown scheme type,
     *     no secret, a malformed Standard Webhooks secret, generic settings missing or misplaced
     */
    public WebhookEndpoint build() {
      return new WebhookEndpoint(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
