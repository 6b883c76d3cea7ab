package dev.tributary.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.connector.VendorErrorParser;
import dev.tributary.api.errors.MalformedResponseException;
import dev.tributary.api.errors.VendorException;
import feign.Contract;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.Retryer;
import feign.http2client.Http2Client;
import feign.jackson.JacksonEncoder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds connectors' vendor clients: Feign interfaces backed by the JDK {@link HttpClient} and the
 * whole outbound pipeline (egress allowlist, authentication, correlation id, user agent, rate
 * limiter, bulkhead, circuit breaker, retries, timeouts, response limits, error mapping, one log
 * line per attempt). Built once per runtime:
 *
 * <pre>{@code
 * VendorClientFactory http = VendorClientFactory.builder().frameworkVersion("1.0.0").build();
 * // in the connector's private module:
 * bind(VendorClients.class).toInstance(http.vendorClients(manifest));
 * // per unit of work:
 * CurrentConnection.run(new ConnectionHandle(config, authenticator), () -> stream.read(cursor));
 * }</pre>
 *
 * <p>Policy state (rate limiter, bulkhead, circuit breaker) is per connection and shared by every
 * client of that connection. Thread-safe.
 */
public final class VendorClientFactory {

  private final ObjectMapper mapper;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Http2Client transport;
  private final VendorCallListener listener;
  private final HttpSettings defaults;
  private final Map<String, HttpSettings> perConnector;
  private final String frameworkVersion;
  private final Map<String, ConnectionPolicies> policies = new ConcurrentHashMap<>();

  private VendorClientFactory(Builder b) {
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.listener = b.listener;
    this.defaults = b.settings;
    this.perConnector = Map.copyOf(b.perConnector);
    this.frameworkVersion = b.frameworkVersion;
    // A copy, so the read limits never leak into (or get loosened by) the caller's mapper.
    this.mapper = (b.mapper != null ? b.mapper : newObjectMapper()).copy();
    this.mapper.getFactory().setStreamReadConstraints(defaults.streamReadConstraints());
    HttpClient http = b.httpClient != null ? b.httpClient : newHttpClient(defaults);
    this.transport = new Http2Client(http);
  }

  /** A builder with the defaults: system clock, real sleeper, a new HTTP/2 client, default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mapper vendor clients use: tolerant of new vendor fields, ISO dates, java.time support. */
  public static ObjectMapper newObjectMapper() {
    return dev.tributary.core.json.Json.newMapper();
  }

  /** A pooled HTTP/2 client that never follows redirects (a redirect could leave the egress allowlist). */
  public static HttpClient newHttpClient(HttpSettings settings) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .build();
  }

  /** The shared mapper, with this factory's JSON read limits. */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /** The settings used for connector {@code connectorId}. */
  public HttpSettings settingsFor(String connectorId) {
    return perConnector.getOrDefault(connectorId, defaults);
  }

  /**
   * The {@link VendorClients} to bind in the module of the connector {@code manifest} describes:
   * its clients send each call as the {@link CurrentConnection}. Uses the default error parser.
   */
  public VendorClients vendorClients(ConnectorManifest manifest) {
    return vendorClients(manifest, GenericVendorErrorParser.INSTANCE);
  }

  /** Like {@link #vendorClients(ConnectorManifest)} with the connector's own error-body parser. */
  public VendorClients vendorClients(ConnectorManifest manifest, VendorErrorParser parser) {
    return new ConnectorVendorClients(this, Objects.requireNonNull(manifest, "manifest"),
        Objects.requireNonNull(parser, "parser"));
  }

  /**
   * A client of {@code apiType} bound to one connection, for code that runs outside
   * {@link CurrentConnection} (the token manager's own calls, tests).
   *
   * @throws IllegalArgumentException if {@code apiType} is not a valid Feign interface, or the
   *     connection belongs to another connector
   */
  public <T> T client(Class<T> apiType, ConnectorManifest manifest, ConnectionHandle connection) {
    return client(apiType, manifest, connection, GenericVendorErrorParser.INSTANCE);
  }

  <T> T client(Class<T> apiType, ConnectorManifest manifest, ConnectionHandle connection, VendorErrorParser parser) {
    validate(apiType);
    if (!connection.config().connectorId().equals(manifest.id())) {
      throw new IllegalArgumentException("connection '" + connection.id() + "' belongs to connector '"
          + connection.config().connectorId() + "', not '" + manifest.id() + "'");
    }
    HttpSettings settings = settingsFor(manifest.id());
    URI base = connection.config().effectiveBaseUrl(manifest);
    String userAgent = "Tributary/" + frameworkVersion + " " + manifest.id() + "/" + manifest.version();
    ResilientClient client = new ResilientClient(transport, manifest, connection, settings,
        () -> policies(manifest, connection.id()), clock, sleeper, listener, userAgent);
    T feign = Feign.builder()
        .client(client)
        .encoder(new JacksonEncoder(mapper))
        .decoder(new BoundedJsonDecoder(manifest.id(), connection.id(), mapper))
        .errorDecoder(new VendorErrorDecoder(manifest.id(), connection.id(), mapper, parser, clock, settings))
        .retryer(Retryer.NEVER_RETRY)
        .options(new Request.Options(settings.connectTimeout(), settings.readTimeout(), false))
        .target(apiType, base.toString());
    InvocationHandler handler = Proxy.getInvocationHandler(feign);
    return apiType.cast(Proxy.newProxyInstance(apiType.getClassLoader(), new Class<?>[] {apiType},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "toString" -> apiType.getSimpleName() + "[" + manifest.id() + "/" + connection.id() + "]";
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> throw new UnsupportedOperationException(method.getName());
            };
          }
          try {
            return handler.invoke(feign, method, args);
          } catch (FeignException e) {
            throw unwrap(e, manifest.id(), connection.id());
          }
        }));
  }

  /**
   * Drops a connection's policy state (rate limiter, bulkhead, circuit), e.g. after it was
   * reconfigured or deleted; its next request starts afresh.
   */
  public void forget(String connectorId, String connectionId) {
    policies.remove(connectorId + "/" + connectionId);
  }

  ConnectionPolicies policies(ConnectorManifest manifest, String connectionId) {
    return policies.computeIfAbsent(manifest.id() + "/" + connectionId,
        k -> new ConnectionPolicies(manifest.rateLimit(), settingsFor(manifest.id()), clock));
  }

  static void validate(Class<?> apiType) {
    Objects.requireNonNull(apiType, "apiType");
    if (!apiType.isInterface()) {
      throw new IllegalArgumentException(apiType.getName() + " is not an interface: declare the vendor API as a Feign interface");
    }
    try {
      new Contract.Default().parseAndValidateMetadata(apiType);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(apiType.getName() + " is not a valid Feign interface: " + e.getMessage(), e);
    }
  }

  /** Feign wraps what the decoders throw; callers get the api's exception itself. */
  private static RuntimeException unwrap(FeignException e, String connector, String connection) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof VendorException v) {
        return v;
      }
      if (t instanceof ResponseTooLargeException tooLarge) {
        if (e.request() != null) {
          return new MalformedResponseException(CallInfo.call(connector, connection, e.request(), e.status()),
              tooLarge.getMessage());
        }
      }
    }
    return e;
  }

  /** Configures a {@link VendorClientFactory}. Not thread-safe. */
  public static final class Builder {
    private ObjectMapper mapper;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private HttpClient httpClient;
    private VendorCallListener listener = VendorCallListener.NONE;
    private HttpSettings settings = HttpSettings.defaults();
    private final Map<String, HttpSettings> perConnector = new HashMap<>();
    private String frameworkVersion = "dev";

    private Builder() {}

    /** The runtime's mapper; the factory uses a copy with its JSON limits. */
    public Builder objectMapper(ObjectMapper m) {
      mapper = Objects.requireNonNull(m, "objectMapper");
      return this;
    }

    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public Builder sleeper(Sleeper s) {
      sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    /** The shared JDK client; it should not follow redirects. Default: {@link #newHttpClient}. */
    public Builder httpClient(HttpClient c) {
      if (Objects.requireNonNull(c, "httpClient").followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException("httpClient follows redirects (" + c.followRedirects()
            + "): a redirect could bypass the egress allowlist; build it with Redirect.NEVER");
      }
      httpClient = c;
      return this;
    }

    public Builder listener(VendorCallListener l) {
      listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** Settings for every connector without its own. */
    public Builder settings(HttpSettings s) {
      settings = Objects.requireNonNull(s, "settings");
      return this;
    }

    /** Settings for connector {@code connectorId} only. */
    public Builder connectorSettings(String connectorId, HttpSettings s) {
      perConnector.put(Objects.requireNonNull(connectorId, "connectorId"), Objects.requireNonNull(s, "settings"));
      return this;
    }

    /** Tributary's version in the {@code User-Agent}, e.g. {@code 1.0.0}. */
    public Builder frameworkVersion(String v) {
      if (Objects.requireNonNull(v, "frameworkVersion").isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("frameworkVersion must be a non-blank token without spaces, was '" + v + "'");
      }
      frameworkVersion = v;
      return this;
    }

    public VendorClientFactory build() {
      return new VendorClientFactory(this);
    }
  }
}
