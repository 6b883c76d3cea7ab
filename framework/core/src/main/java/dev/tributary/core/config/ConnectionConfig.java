package dev.tributary.core.config;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.credential.SecretRef;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured use of a connector: "the ACME HubSpot portal". Holds only secret references,
 * never secrets. Cursors, tokens and records are keyed by {@link #id()}. Immutable, thread-safe.
 *
 * @param id the connection id, e.g. {@code acme-hubspot}
 * @param connectorId the connector it uses
 * @param secrets named secret references, e.g. {@code token -> env:HUBSPOT_TOKEN}
 * @param baseUrl overrides the manifest's base URL (sandboxes, regional endpoints, tests)
 * @param schedule a cron expression for scheduled syncs, if any
 * @param options non-secret connector options (which repository, which properties)
 * @param enabledOptionalScopes optional scopes of the manifest this connection asks for
 * @param enabled false holds the connection's work
 */
public record ConnectionConfig(
    String id,
    String connectorId,
    Map<String, SecretRef> secrets,
    Optional<URI> baseUrl,
    Optional<String> schedule,
    Map<String, String> options,
    java.util.Set<String> enabledOptionalScopes,
    boolean enabled) {

  public static final Pattern ID_PATTERN = ConnectorManifest.ID_PATTERN;

  public ConnectionConfig {
    Objects.requireNonNull(id, "id");
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("connection id '" + id + "' is invalid: use 1-40 lower-case letters, digits or dashes, starting with a letter");
    }
    Objects.requireNonNull(connectorId, "connectorId");
    secrets = Map.copyOf(Objects.requireNonNull(secrets, "secrets"));
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(schedule, "schedule");
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    enabledOptionalScopes = java.util.Set.copyOf(Objects.requireNonNull(enabledOptionalScopes, "enabledOptionalScopes"));
  }

  /** Starts connection {@code id} of connector {@code connectorId}. */
  public static Builder builder(String id, String connectorId) {
    return new Builder(id, connectorId);
  }

  /** The base URL calls go to: the override, else the manifest's. */
  public URI effectiveBaseUrl(ConnectorManifest manifest) {
    return baseUrl.orElse(manifest.baseUrl());
  }

  /** Builds a {@link ConnectionConfig}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String connectorId;
    private final Map<String, SecretRef> secrets = new LinkedHashMap<>();
    private URI baseUrl;
    private String schedule;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final java.util.Set<String> scopes = new java.util.LinkedHashSet<>();
    private boolean enabled = true;

    private Builder(String id, String connectorId) {
      this.id = id;
      this.connectorId = connectorId;
    }

    /**
     * Adds a secret reference such as {@code env:HUBSPOT_TOKEN}.
     *
     * @throws IllegalArgumentException if {@code reference} is not a reference (for example a
     *     literal token); the message names the secret but never repeats the value
     */
    public Builder secret(String name, String reference) {
      try {
        secrets.put(name, SecretRef.parse(reference));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("connection '" + id + "', secret '" + name + "': " + e.getMessage(), e);
      }
      return this;
    }

    public Builder baseUrl(URI url) {
      baseUrl = Objects.requireNonNull(url, "baseUrl");
      return this;
    }

    public Builder schedule(String cron) {
      schedule = Objects.requireNonNull(cron, "schedule");
      return this;
    }

    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder optionalScope(String scope) {
      scopes.add(Objects.requireNonNull(scope, "scope"));
      return this;
    }

    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    public ConnectionConfig build() {
      return new ConnectionConfig(id, connectorId, secrets, Optional.ofNullable(baseUrl),
          Optional.ofNullable(schedule), options, scopes, enabled);
    }
  }
}
