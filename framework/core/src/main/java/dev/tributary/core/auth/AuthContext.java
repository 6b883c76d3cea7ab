package dev.tributary.core.auth;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link AuthSchemeFactory} gets to build a {@link TokenSource} for one connection.
 *
 * @param connection the connection
 * @param scheme the connector's auth scheme (type and non-secret params)
 * @param requestedScopes the scopes to ask for: the manifest's required ones plus the optional
 *     ones this connection enables
 * @param credentials resolves the connection's secret references
 * @param http the token endpoint client (timeouts, retries)
 * @param clock the clock for expiry and JWT timestamps
 */
public record AuthContext(ConnectionConfig connection, AuthScheme scheme, Set<String> requestedScopes,
    CredentialProviders credentials, TokenEndpointClient http, Clock clock) {

  public AuthContext {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(scheme, "scheme");
    requestedScopes = Set.copyOf(requestedScopes);
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Resolves the connection's secret {@code name}.
   *
   * @throws IllegalArgumentException naming the connection, scheme and secret when it is not configured
   * @throws dev.tributary.core.credential.UnresolvableSecretException when its reference cannot be resolved
   */
  public Secret secret(String name) {
    return optionalSecret(name).orElseThrow(() -> new IllegalArgumentException("connection '" + connection.id()
        + "': auth scheme '" + scheme.type() + "' needs secret '" + name + "': add secret(\"" + name
        + "\", \"env:...\") to the connection"));
  }

  /** Resolves the connection's secret {@code name}, if configured. */
  public Optional<Secret> optionalSecret(String name) {
    SecretRef ref = connection.secrets().get(name);
    return ref == null ? Optional.empty() : Optional.of(credentials.resolve(ref, connection.id()));
  }

  /**
   * A non-secret setting: the connection's option {@code name}, else the scheme's param.
   *
   * @throws IllegalArgumentException when neither is set
   */
  public String setting(String name) {
    return optionalSetting(name).orElseThrow(() -> new IllegalArgumentException("connection '" + connection.id()
        + "': auth scheme '" + scheme.type() + "' needs setting '" + name + "': add option(\"" + name
        + "\", ...) to the connection or the param to the manifest's auth scheme"));
  }

  /** The connection's option {@code name}, else the scheme's param, if either is set. */
  public Optional<String> optionalSetting(String name) {
    String v = connection.options().get(name);
    if (v == null || v.isBlank()) {
      v = scheme.param(name);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }
}
