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
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.store.CursorStore;
import dev.tributary.api.store.StateStore;
import dev.tributary.api.stream.Sink;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.core.auth.AuthSchemes;
import dev.tributary.core.auth.JdbcRefreshLock;
import dev.tributary.core.auth.TokenEndpointClient;
import dev.tributary.core.auth.TokenManager;
import dev.tributary.core.db.Database;
import dev.tributary.core.http.Authenticator;
import dev.tributary.core.http.Authenticators;
import dev.tributary.core.http.ConnectionHandle;
import dev.tributary.core.http.CurrentConnection;
import dev.tributary.core.http.VendorClientFactory;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.KeyService;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.core.privacy.PersonalData;
import dev.tributary.core.privacy.PersonalDataService;
import dev.tributary.core.store.ConnectionStatusStore;
import dev.tributary.core.store.DbCursorStore;
import dev.tributary.core.store.DbStateStore;
import dev.tributary.core.store.RecordStore;
import dev.tributary.core.store.RecordTableSink;
import dev.tributary.core.queue.ActionJobHandler;
import dev.tributary.core.queue.JobQueue;
import dev.tributary.core.queue.SyncJobHandler;
import dev.tributary.core.queue.SyncTargets;
import dev.tributary.core.queue.WorkerPool;
import dev.tributary.core.credential.Redactor;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.time.Duration;
import java.util.concurrent.Callable;
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
import java.util.Optional;

import java.util.Set;
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
  private final Map<String, ConnectionHandle> handles;
  private final Database database;
  private final boolean ownsDatabase;
  private final SyncEngine syncEngine;
  private final dev.tributary.core.metrics.TributaryMetrics metrics;
  private final PersonalData personalData;
  private JobQueue queue;

  private Tributary(Injector injector, Map<String, InstalledConnector> connectors,
      Map<String, ConnectionConfig> connections, Map<String, ConnectorComponents> components,
      Map<String, ConnectionHandle> handles, Database database, boolean ownsDatabase, SyncEngine syncEngine,
      dev.tributary.core.metrics.TributaryMetrics metrics, PersonalData personalData) {
    this.personalData = personalData;
    this.injector = injector;
    this.connectors = connectors;
    this.connections = connections;
    this.components = components;
    this.handles = handles;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.syncEngine = syncEngine;
    this.metrics = metrics;
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

  /**
   * Syncs one stream of a connection from {@code start}, page by page, each page in one
   * transaction with its cursor. Runs on the calling thread until done or the run's time budget is
   * spent; the result says which and where it stopped.
   *
   * @throws IllegalArgumentException naming what exists when the connection or stream does not
   * @throws IllegalStateException when the runtime has no database
   * @throws dev.tributary.core.sync.StreamBusyException when another worker syncs the stream
   */
  public SyncResult sync(String connectionId, String stream, SyncStart start) {
    Stream<?> s = stream(connectionId, stream);
    return recorded(requireSyncEngine().sync(context(connectionId), s, start));
  }

  /** Like {@link #sync(String, String, SyncStart)} into a sink of the caller's. */
  public SyncResult sync(String connectionId, String stream, SyncStart start, Sink sink) {
    Stream<?> s = stream(connectionId, stream);
    return recorded(requireSyncEngine().sync(context(connectionId), s, start, sink));
  }

  private SyncResult recorded(SyncResult r) {
    if (metrics != null) {
      metrics.syncFinished(r);
    }
    return r;
  }

  /** The metrics binding given to the builder, if any. */
  public Optional<dev.tributary.core.metrics.TributaryMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** The stream context of a connection: its id and options. */
  public StreamContext context(String connectionId) {
    ConnectionConfig c = connection(connectionId);
    return new ConnectionContext(c.id(), c.options());
  }

  /**
   * Runs {@code work} as connection {@code connectionId}: vendor clients called inside route to it
   * (its base URL, credentials, rate limit). For actions and tools; syncs do this themselves.
   */
  public <T> T asConnection(String connectionId, Callable<T> work) throws Exception {
    connection(connectionId);
    return CurrentConnection.run(handles.get(connectionId), work);
  }

  /** The credentials the connection's requests carry (a token manager for OAuth2 schemes). */
  public Authenticator authenticator(String connectionId) {
    connection(connectionId);
    return handles.get(connectionId).authenticator();
  }

  /** The framework database. @throws IllegalStateException when none was configured */
  public Database database() {
    if (database == null) {
      throw new IllegalStateException("this runtime has no database: configure one with Tributary.builder().database(...)");
    }
    return database;
  }

  /** Cursors per (connection, stream). */
  public CursorStore cursors() {
    return injector.getInstance(CursorStore.class);
  }

  /** State with a time to live. */
  public StateStore state() {
    return injector.getInstance(StateStore.class);
  }

  /** The record table, read side: personal fields come back in plain text when personal-data keys are configured. */
  public RecordStore records() {
    return new RecordStore(database(), personalData);
  }

  /**
   * Erasure, retention and key rotation of stored personal data.
   *
   * @throws IllegalStateException when no personal-data keys or no database are configured
   */
  public PersonalDataService personalData() {
    if (personalData == null) {
      throw new IllegalStateException("this runtime has no personal-data keys: configure them with"
          + " Tributary.builder().personalDataKeys(...) (host: keys.personalData)");
    }
    return new PersonalDataService(database(), personalData, injector.getInstance(Clock.class));
  }

  /** Whether each connection may work. */
  public ConnectionStatusStore connectionStatus() {
    return injector.getInstance(ConnectionStatusStore.class);
  }

  /**
   * The durable job queue on the framework database, shared by every process on it. Enqueue sync
   * jobs with {@link SyncJobHandler#request}, actions with {@link ActionJobHandler#request}.
   */
  public synchronized JobQueue queue() {
    if (queue == null) {
      queue = JobQueue.builder(database()).clock(injector.getInstance(Clock.class)).redactor(Redactor::redact).build();
    }
    return queue;
  }

  /**
   * A worker pool over {@link #queue()} with this runtime's job handlers (sync and action jobs, and
   * retention jobs when personal-data keys are configured) registered; add more handlers (webhook events) and set threads before {@code build()}.
   */
  public WorkerPool.Builder workers() {
    WorkerPool.Builder b = WorkerPool.builder(queue());
    if (personalData != null) {
      b.handler(new dev.tributary.core.retention.RetentionJobHandler(personalData()));
    }
    return b
        .handler(new SyncJobHandler(requireSyncEngine(), (connectionId, name) ->
            new SyncTargets.Target(context(connectionId), stream(connectionId, name))))
        .handler(new ActionJobHandler((connectionId, name) -> Optional.ofNullable(
            components(connection(connectionId).connectorId()).actions().get(name)).map(a -> routed(connectionId, a))));
  }

  /** An action whose vendor calls go to {@code connectionId}. */
  private <I, O> dev.tributary.api.connector.Action<I, O> routed(String connectionId, dev.tributary.api.connector.Action<I, O> action) {
    return new dev.tributary.api.connector.Action<>() {
      @Override
      public String name() {
        return action.name();
      }

      @Override
      public Class<I> inputType() {
        return action.inputType();
      }

      @Override
      public O execute(ActionContext context, I input) {
        Map<String, String> options = connection(connectionId).options();
        ActionContext withOptions = new ActionContext() {
          @Override
          public String connectionId() {
            return context.connectionId();
          }

          @Override
          public String idempotencyKey() {
            return context.idempotencyKey();
          }

          @Override
          public Map<String, String> options() {
            return options;
          }
        };
        try {
          return asConnection(connectionId, () -> action.execute(withOptions, input));
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private SyncEngine requireSyncEngine() {
    database();
    return syncEngine;
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
    if (ownsDatabase && database != null) {
      database.close();
    }
  }

  /** The stream context handed to streams: the connection's id and options. */
  private record ConnectionContext(String connectionId, Map<String, String> options) implements StreamContext {}

  static String unknownConnector(String id, Map<String, InstalledConnector> installed) {
    return "No connector '" + id + "'. Installed: " + (installed.isEmpty() ? "none (is the connector's jar on the class path?)"
        : installed.values().stream().map(InstalledConnector::label).sorted().collect(Collectors.joining(", ")));
  }

  /** Builds a {@link Tributary}. Not thread-safe. */
  public static final class Builder {
    private final List<ClassLoader> loaders = new ArrayList<>();
    private final List<dev.tributary.api.connector.ConnectorProvider> providers = new ArrayList<>();
    private final List<ConnectionConfig> connections = new ArrayList<>();
    private final List<Module> hostModules = new ArrayList<>();
    private final List<Module> overrides = new ArrayList<>();
    private final Set<String> authPlugins = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private Database database;
    private String databaseUrl;
    private String databaseUser = "sa";
    private String databasePassword = "";
    private CredentialProviders credentials;
    private KeyService tokenKeys;
    private KeyService personalDataKeys;
    private final Map<String, Map<String, List<PersonalField>>> personalOverrides = new LinkedHashMap<>();
    private VendorClientFactory http;
    private TokenEndpointClient tokenEndpoint;
    private Duration syncBudget = Duration.ofSeconds(120);
    private dev.tributary.core.metrics.TributaryMetrics metrics;
    private java.util.function.BiFunction<InstalledConnector, Optional<dev.tributary.api.connector.VendorErrorParser>,
        dev.tributary.api.connector.VendorClients> vendorClients;

    private Builder() {}

    /** Uses {@code db}, which the host opened and will close. */
    public Builder database(Database db) {
      database = Objects.requireNonNull(db, "database");
      return this;
    }

    /**
     * Opens (and on {@link Tributary#close()} closes) the database at {@code jdbcUrl}: H2 in a file
     * ({@code jdbc:h2:file:./data/tributary}) or PostgreSQL. The framework schema is migrated at start.
     */
    public Builder database(String jdbcUrl, String user, String password) {
      databaseUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      databaseUser = Objects.requireNonNull(user, "user");
      databasePassword = password == null ? "" : password;
      return this;
    }

    /** Where secret references are resolved; default: environment, files and ServiceLoader plug-ins. */
    public Builder credentials(CredentialProviders providers) {
      credentials = Objects.requireNonNull(providers, "credentials");
      return this;
    }

    /** The keyring that encrypts cached tokens at rest; required by OAuth2 and plug-in auth schemes. */
    public Builder tokenKeys(KeyService keys) {
      tokenKeys = Objects.requireNonNull(keys, "tokenKeys");
      return this;
    }

    /**
     * The keyring that seals declared personal fields in the record table; its own, not the token
     * keyring. Without it, personal fields are stored in clear (a warning says so at start).
     */
    public Builder personalDataKeys(KeyService keys) {
      personalDataKeys = Objects.requireNonNull(keys, "personalDataKeys");
      return this;
    }

    /**
     * Adds personal fields to (or reclassifies declared ones of) one stream of one connection, on
     * top of what its connector declares. Checked at {@link #build()}: the connection and stream must exist.
     */
    public Builder personalFields(String connectionId, String stream, List<PersonalField> fields) {
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(stream, "stream");
      personalOverrides.computeIfAbsent(connectionId, k -> new LinkedHashMap<>())
          .merge(stream, List.copyOf(fields), (a, b) -> PersonalData.merge(a, b));
      return this;
    }

    /** The vendor HTTP layer; default {@link VendorClientFactory#builder()} with this runtime's clock. */
    public Builder http(VendorClientFactory factory) {
      http = Objects.requireNonNull(factory, "http");
      return this;
    }

    /** The client for OAuth2 token endpoints; default {@link TokenEndpointClient#builder()}. */
    public Builder tokenEndpoint(TokenEndpointClient client) {
      tokenEndpoint = Objects.requireNonNull(client, "tokenEndpoint");
      return this;
    }

    /**
     * Publishes vendor calls (through the default HTTP layer's listener; a host that passes its own
     * {@link #http} sets {@code listener(metrics.vendorCalls())} on it) and sync runs to {@code m}.
     */
    public Builder metrics(dev.tributary.core.metrics.TributaryMetrics m) {
      metrics = Objects.requireNonNull(m, "metrics");
      return this;
    }

    /** How long one sync run may read before it stops between pages (default 120 s). */
    public Builder syncBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget");
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("syncBudget must be positive, was " + budget);
      }
      syncBudget = budget;
      return this;
    }

    /**
     * Installs {@code provider} directly, without ServiceLoader: for tests and hosts that assemble
     * connectors themselves. Once a provider or class loader is given, the context class loader is
     * no longer scanned.
     */
    public Builder connector(dev.tributary.api.connector.ConnectorProvider provider) {
      providers.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

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

    /**
     * Discovers, validates and wires everything.
     *
     * @throws TributaryConfigurationException listing every problem found
     */
    public Tributary build() {
      List<ClassLoader> from = loaders.isEmpty() && providers.isEmpty() ? List.of(contextLoader()) : loaders;
      AuthSchemes schemes = AuthSchemes.load(from.isEmpty() ? contextLoader() : from.get(0));
      Set<String> plugins = new LinkedHashSet<>(authPlugins);
      plugins.addAll(schemes.types());
      ConnectorDiscovery.Result found = new ConnectorDiscovery(SpiVersion.CURRENT, plugins).discover(from, providers);
      List<Problem> problems = new ArrayList<>(found.problems());
      Map<String, ConnectionConfig> byId = checkConnections(found.connectors(), problems);
      if (!problems.isEmpty()) {
        throw new TributaryConfigurationException(problems);
      }

      CredentialProviders creds = credentials != null ? credentials : CredentialProviders.loadDefault();
      VendorClientFactory httpLayer = http != null ? http : metrics == null
          ? VendorClientFactory.builder().clock(clock).build()
          : VendorClientFactory.builder().clock(clock).listener(metrics.vendorCalls()).build();
      boolean owns = database == null && databaseUrl != null;
      Database db = database;
      if (owns) {
        db = Database.builder(databaseUrl).user(databaseUser).password(databasePassword).open();
      }
      Map<String, ConnectionHandle> handles;
      try {
        handles = authenticate(found.connectors(), byId, creds, schemes, db, problems);
        if (!problems.isEmpty()) {
          throw new TributaryConfigurationException(problems);
        }
        Tributary t = wire(found, byId, handles, httpLayer, db, owns, problems);
        if (!problems.isEmpty()) {
          throw new TributaryConfigurationException(problems);
        }
        return t;
      } catch (RuntimeException e) {
        if (owns) {
          db.close();
        }
        throw e;
      }
    }

    private Tributary wire(ConnectorDiscovery.Result found, Map<String, ConnectionConfig> byId,
        Map<String, ConnectionHandle> handles, VendorClientFactory httpLayer, Database db, boolean owns,
        List<Problem> problems) {
      java.util.function.BiFunction<InstalledConnector, Optional<dev.tributary.api.connector.VendorErrorParser>,
          dev.tributary.api.connector.VendorClients> vendorClients =
          (c, parser) -> parser.isPresent() ? httpLayer.vendorClients(c.manifest(), parser.get())
              : httpLayer.vendorClients(c.manifest());
      this.vendorClients = vendorClients;
      PersonalData personal = personalData(found.connectors(), byId, problems);
      Module core = new CoreModule(clock, db, personal);
      Module framework = overrides.isEmpty() ? core : Modules.override(core).with(overrides);
      List<Module> modules = new ArrayList<>();
      modules.add(framework);
      modules.addAll(hostModules);
      for (InstalledConnector c : found.connectors().values()) {
        modules.add(new ConnectorPrivateModule(c, vendorClients));
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
        return null;
      }
      SyncEngine engine = db == null ? null : SyncEngine.builder(db).clock(clock).budget(syncBudget)
          .defaultSink(injector.getInstance(Sink.class))
          .driftMapper(httpLayer.objectMapper())
          .readHook((context, read) -> CurrentConnection.run(handles.get(context.connectionId()), read))
          .build();
      return new Tributary(injector, found.connectors(), byId, components, handles, db, owns, engine, metrics, personal);
    }

    /** Declared plus overridden personal fields per connection and stream; null without keys. */
    private PersonalData personalData(Map<String, InstalledConnector> installed, Map<String, ConnectionConfig> byId,
        List<Problem> problems) {
      Map<String, Map<String, List<PersonalField>>> fields = new LinkedHashMap<>();
      for (ConnectionConfig c : byId.values()) {
        Map<String, List<PersonalField>> streams = new LinkedHashMap<>();
        for (StreamSpec spec : installed.get(c.connectorId()).manifest().streams()) {
          streams.put(spec.name(), spec.personalFields());
        }
        for (var o : personalOverrides.getOrDefault(c.id(), Map.of()).entrySet()) {
          if (!streams.containsKey(o.getKey())) {
            problems.add(new Problem(Problem.Id.INVALID_CONNECTION, "Connection '" + c.id() + "': personal fields are"
                + " configured for stream '" + o.getKey() + "', which connector '" + c.connectorId() + "' does not have."
                + " Streams: " + String.join(", ", streams.keySet())));
            continue;
          }
          streams.put(o.getKey(), PersonalData.merge(streams.get(o.getKey()), o.getValue()));
        }
        fields.put(c.id(), streams);
      }
      for (String id : personalOverrides.keySet()) {
        if (!byId.containsKey(id)) {
          problems.add(new Problem(Problem.Id.INVALID_CONNECTION, "Personal fields are configured for connection '" + id
              + "', which is not declared. Declared: " + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet()))));
        }
      }
      if (personalDataKeys == null) {
        boolean any = fields.values().stream().anyMatch(m -> m.values().stream().anyMatch(l -> !l.isEmpty()));
        if (any && database != null || any && databaseUrl != null) {
          org.slf4j.LoggerFactory.getLogger(Tributary.class).warn("streams declare personal fields but no personal-data"
              + " keys are configured: those fields are stored in clear. Configure Tributary.builder().personalDataKeys(...)"
              + " (host: keys.personalData)");
        }
        return null;
      }
      return new PersonalData(personalDataKeys, fields);
    }

    /**
     * Resolves every connection's secrets now, so a missing environment variable or file stops the
     * start instead of the first sync, and builds each connection's authenticator.
     */
    private Map<String, ConnectionHandle> authenticate(Map<String, InstalledConnector> installed,
        Map<String, ConnectionConfig> byId, CredentialProviders creds, AuthSchemes schemes, Database db,
        List<Problem> problems) {
      Map<String, ConnectionHandle> handles = new LinkedHashMap<>();
      for (ConnectionConfig c : byId.values()) {
        ConnectorManifest manifest = installed.get(c.connectorId()).manifest();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (var ref : c.secrets().entrySet()) {
          try {
            secrets.put(ref.getKey(), creds.resolve(ref.getValue(), c.id()));
          } catch (IllegalArgumentException | IllegalStateException e) {
            problems.add(new Problem(Problem.Id.UNRESOLVABLE_SECRET, "Connection '" + c.id() + "', secret '"
                + ref.getKey() + "': " + e.getMessage()));
          }
        }
        if (problems.stream().anyMatch(p -> p.id() == Problem.Id.UNRESOLVABLE_SECRET)) {
          continue;
        }
        AuthScheme scheme = manifest.auth();
        Authenticator authenticator;
        switch (scheme.type()) {
          case AuthScheme.NONE -> authenticator = Authenticator.NONE;
          case AuthScheme.API_KEY -> authenticator = Authenticators.apiKey(scheme.param("header"), secrets.get(AuthSecrets.API_KEY));
          case AuthScheme.BEARER -> authenticator = Authenticators.bearer(secrets.get(AuthSecrets.TOKEN));
          default -> {
            if (db == null || tokenKeys == null) {
              problems.add(new Problem(Problem.Id.INVALID_CONNECTION, "Connection '" + c.id() + "' uses auth scheme '"
                  + scheme.type() + "', whose tokens are cached encrypted in the database: configure "
                  + (db == null ? "a database (Tributary.builder().database(...))" : "")
                  + (db == null && tokenKeys == null ? " and " : "")
                  + (tokenKeys == null ? "a token key (Tributary.builder().tokenKeys(...))" : "")));
              continue;
            }
            try {
              authenticator = TokenManager.forConnection(manifest, c, schemes, creds,
                      tokenEndpoint != null ? tokenEndpoint : TokenEndpointClient.builder().build(), clock)
                  .stateStore(new DbStateStore(db, clock))
                  .keys(tokenKeys)
                  .statusStore(dev.tributary.core.auth.ConnectionStatusStore.on(new ConnectionStatusStore(db, clock)))
                  .lock(new JdbcRefreshLock(db.dataSource(), Duration.ofSeconds(30)))
                  .refreshListener(metrics == null ? (connection, ok) -> { } : metrics::tokenRefresh)
                  .build();
            } catch (IllegalArgumentException | IllegalStateException e) {
              problems.add(new Problem(Problem.Id.INVALID_CONNECTION, "Connection '" + c.id() + "': " + e.getMessage()));
              continue;
            }
          }
        }
        handles.put(c.id(), new ConnectionHandle(c, authenticator));
      }
      return java.util.Collections.unmodifiableMap(handles);
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
        modules.add(new ConnectorPrivateModule(c, vendorClients));
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

  }

  /** The framework's own bindings; a host replaces any of them with {@link Builder#override}. */
  static final class CoreModule extends AbstractModule {
    private final Clock clock;
    private final Database db;
    private final PersonalData personal;

    CoreModule(Clock clock, Database db, PersonalData personal) {
      this.clock = clock;
      this.db = db;
      this.personal = personal;
    }

    @Override
    protected void configure() {
      bind(Clock.class).toInstance(clock);
      bind(ObjectMapper.class).toInstance(Json.newMapper());
      if (db != null) {
        bind(Database.class).toInstance(db);
        bind(CursorStore.class).toInstance(new DbCursorStore(db, clock));
        bind(StateStore.class).toInstance(new DbStateStore(db, clock));
        bind(ConnectionStatusStore.class).toInstance(new ConnectionStatusStore(db, clock));
        bind(Sink.class).toInstance(new RecordTableSink(db, Json.canonical(), clock, personal));
      }
    }
  }

}
