package dev.tributary.api.connector;

import dev.tributary.api.SpiVersion;
import dev.tributary.api.stream.StreamSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a connector is and what it may do: its identity, the hosts it may call, how it
 * authenticates, which scopes it needs, its streams and its request budget.
 *
 * <p>The runtime trusts nothing a connector does that its manifest does not declare: a request to
 * a host outside {@link #egressHosts()} is refused before a byte is sent, and a connection asks
 * the vendor only for {@link #requiredScopes()} plus the optional scopes it enables.
 *
 * <pre>{@code
 * static final ConnectorManifest MANIFEST = ConnectorManifest.builder("hubspot", "1.0.0")
 *     .baseUrl(URI.create("https://api.hubapi.com"))
 *     .egressHosts("api.hubapi.com")
 *     .auth(AuthScheme.bearer())
 *     .requiredScopes("crm.objects.contacts.read")
 *     .stream(ContactsStream.SPEC)
 *     .rateLimit(RateLimit.of(100, Duration.ofSeconds(10)))
 *     .build();
 * }</pre>
 *
 * <p>Immutable, thread-safe. Use {@link #builder(String, String)}; it rejects an invalid manifest
 * with every problem listed. The canonical constructor only copies, so the runtime validates each
 * discovered manifest again with {@link #problems()}.
 *
 * @since 1.0
 */
public record ConnectorManifest(
    String id,
    String version,
    SpiVersion builtAgainst,
    URI baseUrl,
    Set<String> egressHosts,
    AuthScheme auth,
    Set<String> requiredScopes,
    Set<String> optionalScopes,
    List<StreamSpec> streams,
    RateLimit rateLimit,
    WebhookScheme webhook,
    URI supportUrl,
    Map<String, String> defaultHeaders) {

  /** Connector ids: lower-case letters, digits and dashes, starting with a letter, at most 40. */
  public static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private static final Pattern HOST_PATTERN =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  public ConnectorManifest {
    egressHosts = egressHosts == null ? Set.of() : Set.copyOf(egressHosts);
    requiredScopes = requiredScopes == null ? Set.of() : Set.copyOf(requiredScopes);
    optionalScopes = optionalScopes == null ? Set.of() : Set.copyOf(optionalScopes);
    streams = streams == null ? List.of() : List.copyOf(streams);
    defaultHeaders = defaultHeaders == null ? Map.of() : Map.copyOf(defaultHeaders);
  }

  /** Starts a manifest for connector {@code id} at {@code version}, built against {@link SpiVersion#CURRENT}. */
  public static Builder builder(String id, String version) {
    return new Builder(id, version);
  }

  /** The stream named {@code name}, or {@code null}. */
  public StreamSpec stream(String name) {
    for (StreamSpec s : streams) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Every problem with this manifest, each one sentence naming the field, what was found and what
   * is expected; empty when valid. Does not check the SPI version or whether a custom auth scheme
   * is installed: only the runtime knows those.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (id == null || !ID_PATTERN.matcher(id).matches()) {
      problems.add("id '" + id + "' is invalid: use 1-40 lower-case letters, digits or dashes, starting with a letter (e.g. 'hubspot')");
    }
    if (version == null || version.isBlank()) {
      problems.add("version is missing: give the connector's own version, e.g. '1.0.0'");
    }
    if (builtAgainst == null) {
      problems.add("builtAgainst is missing: use SpiVersion.CURRENT");
    }
    if (egressHosts.isEmpty()) {
      problems.add("egressHosts is empty: declare every host the connector calls, e.g. 'api.hubapi.com'");
    }
    for (String host : egressHosts) {
      if (host == null || !HOST_PATTERN.matcher(host).matches()) {
        problems.add("egress host '" + host + "' is invalid: give a lower-case host name without scheme, port or path (a leading '*.' allows sub-domains)");
      }
    }
    if (baseUrl == null) {
      problems.add("baseUrl is missing: give the vendor API's root, e.g. https://api.hubapi.com");
    } else if (baseUrl.getHost() == null || !"https".equals(baseUrl.getScheme())) {
      problems.add("baseUrl '" + baseUrl + "' must be an absolute https URL");
    } else if (!egressHosts.isEmpty() && !hostAllowed(baseUrl.getHost())) {
      problems.add("baseUrl host '" + baseUrl.getHost() + "' is not among egressHosts " + sorted(egressHosts));
    }
    if (auth == null) {
      problems.add("auth is missing: use AuthScheme.none() for an API without authentication");
    } else if (!auth.isBuiltIn() && !ID_PATTERN.matcher(auth.type()).matches()) {
      problems.add("auth type '" + auth.type() + "' is invalid: use a built-in type " + sorted(AuthScheme.BUILT_IN) + " or a plug-in's lower-case name");
    }
    Set<String> overlap = new HashSet<>(requiredScopes);
    overlap.retainAll(optionalScopes);
    if (!overlap.isEmpty()) {
      problems.add("scopes " + sorted(overlap) + " are both required and optional: list each scope once");
    }
    if (streams.isEmpty()) {
      problems.add("streams is empty: a connector declares at least one stream");
    }
    Set<String> names = new HashSet<>();
    for (StreamSpec s : streams) {
      if (s == null) {
        problems.add("streams contains null");
      } else if (!names.add(s.name())) {
        problems.add("stream name '" + s.name() + "' is declared more than once: stream names must be unique");
      }
    }
    if (rateLimit == null) {
      problems.add("rateLimit is missing: use RateLimit.UNLIMITED if the vendor publishes none");
    }
    if (webhook == null) {
      problems.add("webhook is missing: use WebhookScheme.none() if the connector takes no webhooks");
    }
    for (String header : defaultHeaders.keySet()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization") || lower.equals("cookie") || lower.equals("host")) {
        problems.add("default header '" + header + "' is not allowed: the framework sets it");
      }
    }
    return List.copyOf(problems);
  }

  /** True when {@code host} matches a declared egress host (exactly, or by a {@code *.} wildcard). */
  public boolean hostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String allowed : egressHosts) {
      if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  /** Builds a {@link ConnectorManifest}. Not thread-safe; reusable. */
  public static final class Builder {
    private final String id;
    private final String version;
    private SpiVersion builtAgainst = SpiVersion.CURRENT;
    private URI baseUrl;
    private final Set<String> egressHosts = new LinkedHashSet<>();
    private AuthScheme auth;
    private final Set<String> requiredScopes = new LinkedHashSet<>();
    private final Set<String> optionalScopes = new LinkedHashSet<>();
    private final List<StreamSpec> streams = new ArrayList<>();
    private RateLimit rateLimit = RateLimit.UNLIMITED;
    private WebhookScheme webhook = WebhookScheme.none();
    private URI supportUrl;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    private Builder(String id, String version) {
      this.id = id;
      this.version = version;
    }

    /** Only for testing the runtime's version check; connectors keep the default. */
    public Builder builtAgainst(SpiVersion v) {
      builtAgainst = Objects.requireNonNull(v, "builtAgainst");
      return this;
    }

    public Builder baseUrl(URI url) {
      baseUrl = Objects.requireNonNull(url, "baseUrl");
      return this;
    }

    public Builder egressHosts(String... hosts) {
      egressHosts.addAll(List.of(hosts));
      return this;
    }

    public Builder auth(AuthScheme scheme) {
      auth = Objects.requireNonNull(scheme, "auth");
      return this;
    }

    public Builder requiredScopes(String... scopes) {
      requiredScopes.addAll(List.of(scopes));
      return this;
    }

    public Builder optionalScopes(String... scopes) {
      optionalScopes.addAll(List.of(scopes));
      return this;
    }

    public Builder stream(StreamSpec spec) {
      streams.add(Objects.requireNonNull(spec, "stream"));
      return this;
    }

    public Builder rateLimit(RateLimit limit) {
      rateLimit = Objects.requireNonNull(limit, "rateLimit");
      return this;
    }

    public Builder webhook(WebhookScheme scheme) {
      webhook = Objects.requireNonNull(scheme, "webhook");
      return this;
    }

    public Builder supportUrl(URI url) {
      supportUrl = Objects.requireNonNull(url, "supportUrl");
      return this;
    }

    public Builder defaultHeader(String name, String value) {
      defaultHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @throws IllegalArgumentException listing every problem when the manifest is invalid
     */
    public ConnectorManifest build() {
      ConnectorManifest m = new ConnectorManifest(id, version, builtAgainst, baseUrl, egressHosts, auth,
          requiredScopes, optionalScopes, streams, rateLimit, webhook, supportUrl, defaultHeaders);
      List<String> problems = m.problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid manifest for connector '" + id + "': " + String.join("; ", problems));
      }
      return m;
    }
  }
}
