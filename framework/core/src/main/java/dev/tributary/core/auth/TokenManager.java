package dev.tributary.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.api.errors.VendorCall;
import dev.tributary.api.errors.VendorUnavailableException;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.store.StateStore;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.http.Authenticator;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.credential.Redactor;
import dev.tributary.core.credential.SecretRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's access tokens: the {@link Authenticator} for OAuth2 and custom token schemes
 * (GitHub App). Thread-safe; one instance per connection per process.
 *
 * <ul>
 *   <li><b>Cache.</b> The token lives in memory and in the {@link StateStore}, AES-GCM encrypted
 *       with the {@link KeyService}, with a TTL of its expiry minus a skew margin (default 60 s,
 *       at most half the token's lifetime). A token past that point is never sent.
 *   <li><b>Single flight.</b> Callers needing a new token queue on an in-process lock, then on the
 *       {@link RefreshLock} shared through the database; the holder re-reads the StateStore before
 *       asking the vendor, so one refresh serves every thread of every process.
 *   <li><b>Rotation.</b> A new refresh token is stored (one atomic write through the
 *       {@link RefreshTokenStore}) before the new access token is cached or used; the stored one
 *       wins over the configured initial one.
 *   <li><b>401.</b> {@link #onUnauthorized()} forces one refresh unless the rejected token itself
 *       came from a forced refresh, so a vendor that keeps refusing gets no refresh loop.
 *   <li><b>Fail closed.</b> A refused grant ({@code invalid_grant}, {@code invalid_client},
 *       {@code unauthorized_client}, ...) or granted scopes missing a required one mark the
 *       connection NEEDS_REAUTH in the {@link ConnectionStatusStore} and throw
 *       {@link ReauthorizationRequiredException}; nothing is retried until {@link #reauthorized}.
 *       An unavailable endpoint (5xx, timeouts) is retried with backoff by the
 *       {@link TokenEndpointClient}, then surfaces as a retriable {@link VendorUnavailableException}.
 * </ul>
 *
 * <pre>{@code
 * TokenManager tokens = TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(),
 *         credentials, TokenEndpointClient.builder().build(), Clock.systemUTC())
 *     .stateStore(stateStore).keys(keyService).lock(new JdbcRefreshLock(dataSource, Duration.ofSeconds(30)))
 *     .build();
 * Map<String, String> headers = tokens.headers();   // Authorization: Bearer ...
 * }</pre>
 */
public final class TokenManager implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String connectorId;
  private final String connectionId;
  private final TokenSource source;
  private final StateStore store;
  private final KeyService keys;
  private final RefreshTokenStore refreshTokens;
  private final Optional<Secret> initialRefreshToken;
  private final RefreshLock dbLock;
  private final ConnectionStatusStore statuses;
  private final Set<String> requiredScopes;
  private final Set<String> requestedScopes;
  private final Clock clock;
  private final Duration skew;
  private final String cacheKey;

  private final ReentrantLock localLock = new ReentrantLock();
  private final ThreadLocal<Secret> lastIssued = new ThreadLocal<>();
  private volatile Cached cached;
  private volatile boolean needsReauth;
  private volatile Instant statusCheckedAt = Instant.MIN;
  private final Duration statusRecheck;
  private final java.util.function.BiConsumer<String, Boolean> refreshListener;

  private record Cached(AccessToken token, Instant refreshAt, boolean forced) {}

  private TokenManager(Builder b) {
    this.connectorId = b.connectorId;
    this.connectionId = b.connectionId;
    this.source = b.source;
    this.store = b.store;
    this.keys = b.keys;
    this.refreshTokens = b.refreshTokens != null ? b.refreshTokens : RefreshTokenStore.encrypted(b.store, b.keys);
    this.initialRefreshToken = Optional.ofNullable(b.initialRefreshToken);
    this.dbLock = b.lock;
    this.statuses = b.statuses != null ? b.statuses : ConnectionStatusStore.on(b.store);
    this.refreshListener = b.refreshListener;
    this.requiredScopes = Set.copyOf(b.requiredScopes);
    Set<String> requested = new LinkedHashSet<>(b.requiredScopes);
    requested.addAll(b.requestedScopes);
    this.requestedScopes = Set.copyOf(requested);
    this.clock = b.clock;
    this.skew = b.skew;
    this.statusRecheck = b.statusRecheck;
    this.cacheKey = "oauth2-access-token:" + connectionId;
  }

  /** A builder with everything but the token source. */
  public static Builder builder(String connectorId, String connectionId, TokenSource source) {
    return new Builder(connectorId, connectionId, source);
  }

  /**
   * A builder for {@code connection} of the connector described by {@code manifest}: picks the
   * auth scheme's factory, asks for the manifest's required scopes plus the optional scopes the
   * connection enables, and resolves the initial refresh token (secret {@code refreshToken}).
   * Add the stores and build.
   *
   * @throws IllegalArgumentException when the connection enables an optional scope the manifest does
   *     not declare, no plug-in serves the scheme, or the scheme's settings are missing
   */
  public static Builder forConnection(ConnectorManifest manifest, ConnectionConfig connection, AuthSchemes schemes,
      CredentialProviders credentials, TokenEndpointClient http, Clock clock) {
    Set<String> undeclared = new TreeSet<>(connection.enabledOptionalScopes());
    undeclared.removeAll(manifest.optionalScopes());
    if (!undeclared.isEmpty()) {
      throw new IllegalArgumentException("connection '" + connection.id() + "' enables scopes " + undeclared
          + " that connector " + manifest.id() + " does not declare as optional; declared: "
          + new TreeSet<>(manifest.optionalScopes()));
    }
    String type = manifest.auth().type();
    if (type.equals(AuthScheme.NONE) || type.equals(AuthScheme.API_KEY) || type.equals(AuthScheme.BEARER)) {
      throw new IllegalArgumentException("connector " + manifest.id() + " uses the static auth scheme '" + type
          + "': it needs no TokenManager; use the HTTP layer's static authenticator");
    }
    Set<String> requested = new LinkedHashSet<>(manifest.requiredScopes());
    requested.addAll(connection.enabledOptionalScopes());
    AuthContext ctx = new AuthContext(connection, manifest.auth(), requested, credentials, http, clock);
    TokenSource source = schemes.require(manifest.auth().type()).create(ctx);
    Builder b = new Builder(manifest.id(), connection.id(), source)
        .requiredScopes(manifest.requiredScopes())
        .requestedScopes(requested)
        .clock(clock);
    if (source.usesRefreshToken()) {
      ctx.optionalSecret("refreshToken").ifPresent(b::initialRefreshToken);
    }
    return b;
  }

  /** The connection this manager serves. */
  public String connectionId() {
    return connectionId;
  }

  @Override
  public Map<String, String> headers() {
    AccessToken token = token();
    lastIssued.set(token.value());
    return Map.of("Authorization", "Bearer " + token.value().reveal());
  }

  /**
   * A valid access token, refreshing if needed.
   *
   * @throws ReauthorizationRequiredException when the connection needs re-authorisation
   * @throws VendorUnavailableException when no token could be obtained for now (retriable)
   */
  public AccessToken token() {
    if (needsReauth) {
      throw stopped();
    }
    Instant now = clock.instant();
    if (!now.isBefore(statusCheckedAt.plus(statusRecheck))) {
      // Another process may have failed closed: stop here too, even while our token is valid.
      statusCheckedAt = now;
      checkStatus();
    }
    Cached c = cached;
    if (usable(c)) {
      return c.token();
    }
    return obtain(false, null).token();
  }

  @Override
  public boolean onUnauthorized() {
    Secret rejected = lastIssued.get();
    lastIssued.remove();
    Cached c = cached;
    if (rejected == null && c != null) {
      rejected = c.token().value(); // headers() ran on another thread: assume the current token was refused
    }
    if (c != null && c.forced() && c.token().value().equals(rejected)) {
      LOG.warn("connection '{}': the vendor refused a token fresh from a forced refresh; not refreshing again "
          + "(check the granted scopes and the app's access)", connectionId);
      return false;
    }
    obtain(true, rejected);
    return true;
  }

  /**
   * An operator re-authorised the connection: stores {@code newRefreshToken} (if the scheme uses
   * one), marks the connection active and drops cached tokens.
   */
  public void reauthorized(Optional<Secret> newRefreshToken) {
    localLock.lock();
    try {
      newRefreshToken.ifPresent(t -> {
        SecretRegistry.registerIssued(t.reveal());
        refreshTokens.save(connectionId, t);
      });
      store.delete(cacheKey);
      cached = null;
      statuses.save(connectionId, new ConnectionStatus(ConnectionStatus.State.ACTIVE, "", clock.instant()));
      needsReauth = false;
      LOG.info("connection '{}' re-authorised", connectionId);
    } finally {
      localLock.unlock();
    }
  }

  private Cached obtain(boolean forced, Secret rejected) {
    localLock.lock();
    try {
      if (needsReauth) {
        throw stopped();
      }
      Cached c = cached;
      if (usable(c) && (!forced || !c.token().value().equals(rejected))) {
        return c; // another thread refreshed while we queued
      }
      checkStatus();
      if (!forced) {
        Cached stored = readStore();
        if (usable(stored)) {
          cached = stored;
          return stored;
        }
      }
      RefreshLock.Held held;
      try {
        held = dbLock.acquire("token:" + connectionId);
      } catch (IllegalStateException e) {
        throw new VendorUnavailableException(call(0), "cannot refresh the access token now: " + Redactor.redact(e.getMessage()), e);
      }
      try (held) {
        checkStatus();
        Cached stored = readStore();
        if (usable(stored) && (rejected == null || !stored.token().value().equals(rejected))) {
          cached = stored; // another process refreshed while we waited
          return stored;
        }
        Cached fresh;
        try {
          fresh = fetch(forced);
        } catch (RuntimeException e) {
          refreshed(false);
          throw e;
        }
        refreshed(true);
        cached = fresh;
        return fresh;
      }
    } finally {
      localLock.unlock();
    }
  }

  private void refreshed(boolean ok) {
    try {
      refreshListener.accept(connectionId, ok);
    } catch (RuntimeException e) {
      LOG.warn("connection '{}': token refresh listener failed: {}", connectionId, e.toString());
    }
  }

  private Cached fetch(boolean forced) {
    Optional<Secret> refreshToken = Optional.empty();
    if (source.usesRefreshToken()) {
      try {
        refreshToken = refreshTokens.load(connectionId).or(() -> initialRefreshToken);
      } catch (KeyService.CannotDecryptException e) {
        // Not persisted as NEEDS_REAUTH: restoring the right key fixes it without a new consent.
        String message = "connection '" + connectionId + "' cannot read its stored refresh token: " + e.getMessage()
            + ". Configure the key it was stored with (as a decrypt-only key) or re-authorise the connection";
        LOG.error(message);
        throw new ReauthorizationRequiredException(call(0), message);
      }
      if (refreshToken.isEmpty()) {
        throw failClosed("no refresh token: configure secret 'refreshToken' from the OAuth consent", 0);
      }
    }
    FetchedToken fetched;
    try {
      fetched = source.fetch(refreshToken);
    } catch (TokenRequestRejectedException e) {
      throw failClosed("the token endpoint refused the " + (source.usesRefreshToken() ? "refresh token" : "client")
          + ": " + Redactor.redact(e.getMessage()), e.status());
    } catch (TokenEndpointException e) {
      if (!e.isRetriable()) {
        throw failClosed("the token endpoint's answer is unusable: " + Redactor.redact(e.getMessage()), e.status());
      }
      LOG.warn("connection '{}': could not refresh the access token, will retry later: {}", connectionId, e.getMessage());
      throw new VendorUnavailableException(call(e.status()), "could not refresh the access token: "
          + Redactor.redact(e.getMessage()), null);
    }
    AccessToken token = fetched.accessToken();
    SecretRegistry.registerIssued(token.value().reveal());
    // Rotation first: the old refresh token is spent, so the new one must be safe before anything else.
    if (fetched.rotatedRefreshToken().isPresent()
        && !fetched.rotatedRefreshToken().get().equals(refreshToken.orElse(null))) {
      SecretRegistry.registerIssued(fetched.rotatedRefreshToken().get().reveal());
      refreshTokens.save(connectionId, fetched.rotatedRefreshToken().get());
      LOG.info("connection '{}': stored the rotated refresh token", connectionId);
    }
    Set<String> granted = token.grantedScopes().orElse(requestedScopes);
    Set<String> missing = new TreeSet<>(requiredScopes);
    missing.removeAll(granted);
    if (!missing.isEmpty()) {
      throw failClosed("the grant lacks required scopes " + missing + " (granted " + new TreeSet<>(granted)
          + "); re-authorise and approve them", 0);
    }
    Set<String> extra = new TreeSet<>(granted);
    extra.removeAll(requestedScopes);
    if (!extra.isEmpty()) {
      LOG.warn("connection '{}': the vendor granted scopes {} that were not requested; consider narrowing the app's grant",
          connectionId, extra);
    }
    Instant now = clock.instant();
    Duration lifetime = Duration.between(now, token.expiresAt());
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new VendorUnavailableException(call(0), "the token endpoint returned a token that expired at "
          + token.expiresAt() + " (now " + now + "); check the clocks", null);
    }
    Duration margin = skew.compareTo(lifetime.dividedBy(2)) < 0 ? skew : lifetime.dividedBy(2);
    Cached fresh = new Cached(token, token.expiresAt().minus(margin), forced);
    writeStore(fresh, Duration.between(now, fresh.refreshAt()));
    LOG.info("connection '{}': obtained an access token from {} (expires {}{})", connectionId, source.endpoint(),
        token.expiresAt(), forced ? ", forced after a 401" : "");
    return fresh;
  }

  private ReauthorizationRequiredException failClosed(String reason, int status) {
    String message = "connection '" + connectionId + "' needs re-authorisation: " + reason;
    statuses.save(connectionId, new ConnectionStatus(ConnectionStatus.State.NEEDS_REAUTH, reason, clock.instant()));
    needsReauth = true;
    cached = null;
    store.delete(cacheKey);
    LOG.error("{}. Its work is stopped until an operator re-authorises it.", message);
    return new ReauthorizationRequiredException(call(status), message);
  }

  private void checkStatus() {
    Optional<ConnectionStatus> status = statuses.find(connectionId);
    if (status.isPresent() && !status.get().isActive()) {
      needsReauth = true;
      throw stopped();
    }
  }

  private ReauthorizationRequiredException stopped() {
    String reason = statuses.find(connectionId).map(ConnectionStatus::reason).orElse("marked by this process");
    return new ReauthorizationRequiredException(call(0), "connection '" + connectionId
        + "' needs re-authorisation (" + reason + "); no request is sent until an operator re-authorises it");
  }

  private boolean usable(Cached c) {
    return c != null && clock.instant().isBefore(c.refreshAt());
  }

  private Cached readStore() {
    Optional<byte[]> bytes = store.get(cacheKey);
    if (bytes.isEmpty()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(keys.decrypt(bytes.get(), cacheKey));
      String value = n.path("token").asText();
      SecretRegistry.registerIssued(value);
      Optional<Set<String>> scopes = Optional.empty();
      if (n.has("scopes")) {
        Set<String> s = new LinkedHashSet<>();
        n.get("scopes").forEach(x -> s.add(x.asText()));
        scopes = Optional.of(s);
      }
      AccessToken token = new AccessToken(Secret.of(value, "cached access token of connection '" + connectionId + "'"),
          Instant.ofEpochMilli(n.path("expiresAt").asLong()), scopes);
      return new Cached(token, Instant.ofEpochMilli(n.path("refreshAt").asLong()), false);
    } catch (KeyService.CannotDecryptException e) {
      // A token we cannot read is as good as none: fetch a new one and overwrite it.
      LOG.warn("connection '{}': ignoring the cached access token: {}", connectionId, e.getMessage());
      return null;
    } catch (IOException e) {
      LOG.warn("connection '{}': ignoring an unreadable cached access token ({})", connectionId, e.getClass().getSimpleName());
      return null;
    }
  }

  private void writeStore(Cached c, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      return;
    }
    ObjectNode n = JSON.createObjectNode()
        .put("token", c.token().value().reveal())
        .put("expiresAt", c.token().expiresAt().toEpochMilli())
        .put("refreshAt", c.refreshAt().toEpochMilli());
    c.token().grantedScopes().ifPresent(s -> s.forEach(n.withArray("scopes")::add));
    store.put(cacheKey, keys.encrypt(n.toString().getBytes(StandardCharsets.UTF_8), cacheKey), ttl);
  }

  private VendorCall call(int status) {
    return new VendorCall(connectorId, connectionId, "POST", source.endpoint().replaceFirst("^POST ", ""), status, "-");
  }

  /** Builds a {@link TokenManager}. Not thread-safe. */
  public static final class Builder {
    private final String connectorId;
    private final String connectionId;
    private final TokenSource source;
    private StateStore store;
    private KeyService keys;
    private RefreshTokenStore refreshTokens;
    private Secret initialRefreshToken;
    private RefreshLock lock = RefreshLock.LOCAL_ONLY;
    private ConnectionStatusStore statuses;
    private Set<String> requiredScopes = Set.of();
    private Set<String> requestedScopes = Set.of();
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(60);
    private Duration statusRecheck = Duration.ofSeconds(10);
    private java.util.function.BiConsumer<String, Boolean> refreshListener = (connection, ok) -> { };

    private Builder(String connectorId, String connectionId, TokenSource source) {
      this.connectorId = Objects.requireNonNull(connectorId, "connectorId");
      this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
      this.source = Objects.requireNonNull(source, "source");
    }

    /** Where encrypted tokens are cached (required). */
    public Builder stateStore(StateStore s) {
      store = Objects.requireNonNull(s, "stateStore");
      return this;
    }

    /** The keyring tokens are encrypted with (required). */
    public Builder keys(KeyService k) {
      keys = Objects.requireNonNull(k, "keys");
      return this;
    }

    /** Where rotated refresh tokens go; default: encrypted in the state store. */
    public Builder refreshTokens(RefreshTokenStore s) {
      refreshTokens = Objects.requireNonNull(s, "refreshTokens");
      return this;
    }

    /** The refresh token from the consent, used until the vendor rotates it. */
    public Builder initialRefreshToken(Secret s) {
      initialRefreshToken = Objects.requireNonNull(s, "initialRefreshToken");
      return this;
    }

    /** The cross-process lock; default {@link RefreshLock#LOCAL_ONLY}. */
    public Builder lock(RefreshLock l) {
      lock = Objects.requireNonNull(l, "lock");
      return this;
    }

    /** Where NEEDS_REAUTH is recorded; default: in the state store. */
    /**
     * Told of each access-token refresh attempt: the connection id and whether it succeeded (for
     * metrics). Must be quick; an exception is logged and ignored.
     */
    public Builder refreshListener(java.util.function.BiConsumer<String, Boolean> listener) {
      refreshListener = java.util.Objects.requireNonNull(listener, "refreshListener");
      return this;
    }

    public Builder statusStore(ConnectionStatusStore s) {
      statuses = Objects.requireNonNull(s, "statusStore");
      return this;
    }

    /** Scopes the grant must include, else the connection fails closed. */
    public Builder requiredScopes(Set<String> scopes) {
      requiredScopes = Set.copyOf(scopes);
      return this;
    }

    /** Every scope asked for (required plus enabled optional); more granted is warned about. */
    public Builder requestedScopes(Set<String> scopes) {
      requestedScopes = Set.copyOf(scopes);
      return this;
    }

    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * How long before expiry a token is replaced; default 60 s, capped at half the token's lifetime.
     *
     * @throws IllegalArgumentException if negative or over one hour
     */
    public Builder skew(Duration d) {
      Objects.requireNonNull(d, "skew");
      if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("skew must be 0..1h, was " + d);
      }
      skew = d;
      return this;
    }

    /**
     * How often a call re-reads the shared connection status while its token is still valid, so
     * that a NEEDS_REAUTH set by another process stops this one too; default 10 s.
     *
     * @throws IllegalArgumentException if negative or over one hour
     */
    public Builder statusRecheck(Duration d) {
      Objects.requireNonNull(d, "statusRecheck");
      if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("statusRecheck must be 0..1h, was " + d);
      }
      statusRecheck = d;
      return this;
    }

    /**
     * The manager.
     *
     * @throws IllegalStateException if the state store or keys are missing
     */
    public TokenManager build() {
      if (store == null) {
        throw new IllegalStateException("connection '" + connectionId + "': TokenManager needs a stateStore");
      }
      if (keys == null) {
        throw new IllegalStateException("connection '" + connectionId + "': TokenManager needs keys (a KeyService) to encrypt tokens at rest");
      }
      return new TokenManager(this);
    }
  }
}
