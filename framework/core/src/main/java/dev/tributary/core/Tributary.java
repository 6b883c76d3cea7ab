package dev.tributary.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.AuthSecrets;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.config.Problem;
import dev.tributary.core.config.TributaryConfigurationException;
import dev.tributary.core.json.Json;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import dev.tributary.api.SpiVersion;
import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.discovery.ConnectorDiscovery;
import dev.tributary.core.discovery.InstalledConnector;
import dev.tributary.core.wiring.ConnectorComponents;
import dev.tributary.core.wiring.ConnectorPrivateModule;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Tributary runtime: discovered connectors, declared connections, and the Guice injector that
 * wires them. Built once per process by {@link #builder()}; start-up checks every connector and
 * connection and reports all problems together in a {@link TributaryConfigurationException}.
 *
 * <pre>{@code
 * try (Tributary t = Tributary.builder()
 *     .connection(ConnectionConfig.builder("acme-hubspot", "hubspot").secret("token", "env:HUBSPOT_TOKEN").build())
 *     .build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe once built.
 */
public final class Tributary implements AutoCloseable {

  private final Injector injector;
  private final Map<String, InstalledConnector> connectors;
  private final Map<String, ConnectionConfig> connections;
  private final Map<String, ConnectorComponents> components;

  private Tributary(Injector injector, Map<String, InstalledConnector> connectors,
      Map<String, ConnectionConfig> connections, Map<String, ConnectorComponents> components) {
    this.injector = injector;
    this.connectors = connectors;
    this.connections = connections;
    this.components = components;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The installed connectors, by id. */
  public Map<String, InstalledConnector> connectors() {
    return connectors;
  }

  /** The declared connections, by id. */
  public Map<String, ConnectionConfig> connections() {
    return connections;
  }

  /**
   * The connection {@code id}.
   *
   * @throws IllegalArgumentException naming the declared connections when there is none
   */
  public ConnectionConfig connection(String id) {
    ConnectionConfig c = connections.get(id);
    if (c == null) {
      throw new IllegalArgumentException("No connection '" + id + "'. Declared: "
          + (connections.isEmpty() ? "none" : String.join(", ", connections.keySet())));
    }
    return c;
  }

  /** The wired components of connector {@code id}. */
  public ConnectorComponents components(String connectorId) {
    ConnectorComponents c = components.get(connectorId);
    if (c == null) {
      throw new IllegalArgumentException(unknownConnector(connectorId, connectors));
    }
    return c;
  }

  /**
   * The stream {@code name} of the connection's connector.
   *
   * @throws IllegalArgumentException naming the connector's streams when there is no such stream
   */
  public Stream<?> stream(String connectionId, String name) {
    ConnectionConfig c = connection(connectionId);
    ConnectorComponents comp = components(c.connectorId());
    Stream<?> s = comp.streams().get(name);
    if (s == null) {
      throw new IllegalArgumentException("Connector '" + c.connectorId() + "' has no stream '" + name + "'. Streams: "
          + comp.manifest().streams().stream().map(StreamSpec::name).collect(Collectors.joining(", ")));
    }
    return s;
  }

  /** A framework service, e.g. the shared {@code ObjectMapper}. */
  public <T> T service(Class<T> type) {
    return injector.getInstance(type);
  }

  /** The injector, for hosts that embed the runtime in their own Guice application. */
  public Injector injector() {
    return injector;
  }

  @Override
  public void close() {
    // Resources (pools, servers) register here as they are added to the runtime.
  }

  static String unknownConnector(String id, Map<String, InstalledConnector> installed) {
    return "No connector '" + id + "'. Installed: " + (installed.isEmpty() ? "none (is the connector's jar on the class path?)"
        : installed.values().stream().map(InstalledConnector::label).sorted().collect(Collectors.joining(", ")));
  }

  /** Builds a {@link Tributary}. Not thread-safe. */
  public static final class Builder {
    private final List<ClassLoader> loaders = new ArrayList<>();
    private final List<ConnectionConfig> connections = new ArrayList<>();
    private final List<Module> hostModules = new ArrayList<>();
    private final List<Module> overrides = new ArrayList<>();
    private final Set<String> authPlugins = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private Function<InstalledConnector, VendorClients> vendorClients = Builder::noHttpLayer;

    private Builder() {}

    /** Discover connectors from this class loader too (default: the thread's context loader). */
    public Builder classLoader(ClassLoader loader) {
      loaders.add(Objects.requireNonNull(loader, "loader"));
      return this;
    }

    public Builder connection(ConnectionConfig connection) {
      connections.add(Objects.requireNonNull(connection, "connection"));
      return this;
    }

    public Builder connections(List<ConnectionConfig> list) {
      list.forEach(this::connection);
      return this;
    }

    /** The clock for everything time-based; tests pass a fixed or fake one. */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Adds a host module beside the framework's bindings (new bindings only). */
    public Builder module(Module module) {
      hostModules.add(Objects.requireNonNull(module, "module"));
      return this;
    }

    /**
     * Replaces framework bindings: the documented way for a host to bind its own {@code Sink},
     * clock or object mapper. Overrides never reach inside a connector's private module.
     */
    public Builder override(Module module) {
      overrides.add(Objects.requireNonNull(module, "module"));
      return this;
    }

    /** Custom auth scheme types that an installed plug-in supplies. */
    public Builder authSchemePlugins(Set<String> types) {
      authPlugins.addAll(types);
      return this;
    }

    /** How each connector's vendor clients are made. */
    public Builder vendorClients(Function<InstalledConnector, VendorClients> factory) {
      vendorClients = Objects.requireNonNull(factory, "vendorClients");
      return this;
    }

    /**
     * Discovers, validates and wires everything.
     *
     * @throws TributaryConfigurationException listing every problem found
     */
    public Tributary build() {
      List<ClassLoader> from = loaders.isEmpty() ? List.of(contextLoader()) : loaders;
      ConnectorDiscovery.Result found = new ConnectorDiscovery(SpiVersion.CURRENT, authPlugins).discover(from);
      List<Problem> problems = new ArrayList<>(found.problems());
      Map<String, ConnectionConfig> byId = checkConnections(found.connectors(), problems);

      Module core = new CoreModule(clock);
      Module framework = overrides.isEmpty() ? core : Modules.override(core).with(overrides);
      List<Module> modules = new ArrayList<>();
      modules.add(framework);
      modules.addAll(hostModules);
      for (InstalledConnector c : found.connectors().values()) {
        modules.add(new ConnectorPrivateModule(c, vendorClients.apply(c)));
      }

      Injector injector = null;
      Map<String, ConnectorComponents> components = new LinkedHashMap<>();
      try {
        injector = Guice.createInjector(modules);
        for (InstalledConnector c : found.connectors().values()) {
          ConnectorComponents comp = injector.getInstance(ConnectorPrivateModule.key(c.id()));
          checkStreams(c, comp, problems);
          components.put(c.id(), comp);
        }
      } catch (CreationException | com.google.inject.ProvisionException e) {
        problems.addAll(attributeWiringFailures(framework, hostModules, found.connectors()));
        if (problems.stream().noneMatch(p -> p.id() == Problem.Id.WIRING_FAILED)) {
          problems.add(new Problem(Problem.Id.WIRING_FAILED, "Wiring failed: " + messages(e)));
        }
      }
      if (!problems.isEmpty()) {
        throw new TributaryConfigurationException(problems);
      }
      return new Tributary(injector, found.connectors(), byId, components);
    }

    private Map<String, ConnectionConfig> checkConnections(Map<String, InstalledConnector> installed, List<Problem> problems) {
      Map<String, ConnectionConfig> byId = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      for (ConnectionConfig c : connections) {
        if (!seen.add(c.id())) {
          problems.add(new Problem(Problem.Id.DUPLICATE_CONNECTION_ID,
              "Connection id '" + c.id() + "' is declared more than once: connection ids must be unique"));
          continue;
        }
        byId.put(c.id(), c);
        InstalledConnector connector = installed.get(c.connectorId());
        if (connector == null) {
          problems.add(new Problem(Problem.Id.UNKNOWN_CONNECTOR,
              "Connection '" + c.id() + "': " + unknownConnector(c.connectorId(), installed)));
          continue;
        }
        var manifest = connector.manifest();
        for (String name : AuthSecrets.required(manifest.auth())) {
          if (!c.secrets().containsKey(name)) {
            problems.add(new Problem(Problem.Id.MISSING_SECRET,
                "Connection '" + c.id() + "' (connector " + connector.id() + ", auth " + manifest.auth().type()
                    + ") has no secret reference '" + name + "': add secrets." + name + " = env:NAME or file:/path"));
          }
        }
        Set<String> unknownScopes = new LinkedHashSet<>(c.enabledOptionalScopes());
        unknownScopes.removeAll(manifest.optionalScopes());
        if (!unknownScopes.isEmpty()) {
          problems.add(new Problem(Problem.Id.INVALID_CONNECTION,
              "Connection '" + c.id() + "' enables scopes " + unknownScopes + " that connector " + connector.id()
                  + " does not declare as optional. Optional scopes: " + manifest.optionalScopes().stream().sorted().toList()));
        }
        c.baseUrl().ifPresent(url -> checkBaseUrl(c, url, problems));
      }
      return java.util.Collections.unmodifiableMap(byId);
    }

    private static void checkBaseUrl(ConnectionConfig c, URI url, List<Problem> problems) {
      String scheme = url.getScheme();
      if (url.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        problems.add(new Problem(Problem.Id.INVALID_CONNECTION,
            "Connection '" + c.id() + "': baseUrl '" + url + "' must be an absolute http(s) URL"));
      } else if ("http".equals(scheme) && !isLoopback(url.getHost())) {
        problems.add(new Problem(Problem.Id.UNDECLARED_EGRESS_HOST,
            "Connection '" + c.id() + "': baseUrl '" + url + "' uses plain http to a non-loopback host; use https"));
      }
    }

    /** True for loopback host names and literals, without a DNS lookup. */
    public static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.startsWith("127.");
    }

    private static void checkStreams(InstalledConnector c, ConnectorComponents comp, List<Problem> problems) {
      Map<String, StreamSpec> declared = new LinkedHashMap<>();
      c.manifest().streams().forEach(s -> declared.put(s.name(), s));
      for (var e : comp.streams().entrySet()) {
        StreamSpec spec = declared.get(e.getKey());
        if (spec == null) {
          problems.add(new Problem(Problem.Id.STREAM_NOT_DECLARED,
              "Connector '" + c.id() + "' binds stream '" + e.getKey() + "' (" + e.getValue().getClass().getName()
                  + ") that its manifest does not declare. Declared: " + declared.keySet()));
        } else if (!spec.equals(e.getValue().spec())) {
          problems.add(new Problem(Problem.Id.STREAM_NOT_DECLARED,
              "Connector '" + c.id() + "': stream '" + e.getKey() + "' (" + e.getValue().getClass().getName()
                  + ") returns a spec that differs from the manifest's; return the manifest's StreamSpec instance"));
        }
      }
      for (String name : declared.keySet()) {
        if (!comp.streams().containsKey(name)) {
          problems.add(new Problem(Problem.Id.STREAM_NOT_BOUND,
              "Connector '" + c.id() + "' " + c.describe() + " declares stream '" + name
                  + "' but binds no implementation: call stream(YourStream.class) in its module"));
        }
      }
      comp.duplicateStreamNames().forEach(name -> problems.add(new Problem(Problem.Id.STREAM_NOT_DECLARED,
          "Connector '" + c.id() + "' binds more than one implementation of stream '" + name + "'")));
    }

    /** Wires each connector alone, so a failure names the connector that caused it. */
    private List<Problem> attributeWiringFailures(Module framework, List<Module> hostModules,
        Map<String, InstalledConnector> installed) {
      List<Problem> problems = new ArrayList<>();
      try {
        List<Module> base = new ArrayList<>(hostModules);
        base.add(framework);
        Guice.createInjector(base);
      } catch (CreationException e) {
        problems.add(new Problem(Problem.Id.WIRING_FAILED, "The framework or host modules failed to wire: " + messages(e)));
        return problems;
      }
      for (InstalledConnector c : installed.values()) {
        List<Module> modules = new ArrayList<>(hostModules);
        modules.add(framework);
        modules.add(new ConnectorPrivateModule(c, vendorClients.apply(c)));
        try {
          Guice.createInjector(modules).getInstance(ConnectorPrivateModule.key(c.id()));
        } catch (CreationException | com.google.inject.ProvisionException e) {
          problems.add(new Problem(Problem.Id.WIRING_FAILED,
              "Connector '" + c.id() + "' from " + c.describe() + " failed to wire (a connector sees only its own "
                  + "bindings and the framework's): " + messages(e)));
        }
      }
      return problems;
    }

    private static String messages(RuntimeException e) {
      java.util.Collection<Message> msgs = e instanceof CreationException ce ? ce.getErrorMessages()
          : ((com.google.inject.ProvisionException) e).getErrorMessages();
      return msgs.stream().map(m -> m.getMessage().lines().findFirst().orElse("").trim())
          .collect(Collectors.joining(" | "));
    }

    private static ClassLoader contextLoader() {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      return cl != null ? cl : Tributary.class.getClassLoader();
    }

    private static VendorClients noHttpLayer(InstalledConnector c) {
      return new VendorClients() {
        @Override
        public <T> T create(Class<T> apiType) {
          throw new IllegalStateException("No HTTP layer is configured for connector '" + c.id() + "'");
        }
      };
    }
  }

  /** The framework's own bindings; a host replaces any of them with {@link Builder#override}. */
  static final class CoreModule extends AbstractModule {
    private final Clock clock;

    CoreModule(Clock clock) {
      this.clock = clock;
    }

    @Override
    protected void configure() {
      bind(Clock.class).toInstance(clock);
      bind(ObjectMapper.class).toInstance(Json.newMapper());
    }
  }

}
