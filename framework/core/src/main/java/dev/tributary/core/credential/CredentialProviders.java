package dev.tributary.core.credential;

import dev.tributary.api.credential.CredentialProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The chain of {@link CredentialProvider}s: picks the provider by the reference's scheme. Built in:
 * {@code env} and {@code file}; more (Vault, cloud secret managers) are found with
 * {@link ServiceLoader}. Two providers for one scheme are refused at construction. Every secret it
 * hands out is registered with the {@link SecretRegistry}, so the log redactor knows it.
 * Immutable, thread-safe.
 *
 * <pre>{@code
 * CredentialProviders credentials = CredentialProviders.loadDefault();
 * Secret token = credentials.resolve(SecretRef.parse("env:HUBSPOT_TOKEN"), "acme-hubspot");
 * }</pre>
 */
public final class CredentialProviders {

  private final Map<String, CredentialProvider> byScheme;

  private CredentialProviders(Map<String, CredentialProvider> byScheme) {
    this.byScheme = Map.copyOf(byScheme);
  }

  /** The built-in providers (environment, files) plus every one on the class path. */
  public static CredentialProviders loadDefault() {
    return load(new EnvCredentialProvider(), Thread.currentThread().getContextClassLoader());
  }

  /**
   * {@code env} (from {@code envProvider}, so tests can inject a map), {@code file}, and the
   * providers {@code loader} finds.
   */
  public static CredentialProviders load(EnvCredentialProvider envProvider, ClassLoader loader) {
    List<CredentialProvider> all = new ArrayList<>();
    all.add(envProvider);
    all.add(new FileCredentialProvider());
    ServiceLoader.load(CredentialProvider.class, loader).forEach(all::add);
    return of(all);
  }

  /**
   * Exactly these providers.
   *
   * @throws IllegalArgumentException if two serve the same scheme
   */
  public static CredentialProviders of(Collection<? extends CredentialProvider> providers) {
    Map<String, CredentialProvider> map = new LinkedHashMap<>();
    for (CredentialProvider p : providers) {
      CredentialProvider before = map.putIfAbsent(Objects.requireNonNull(p.scheme(), "scheme"), p);
      if (before != null) {
        throw new IllegalArgumentException("two credential providers serve scheme '" + p.scheme() + "': "
            + before.getClass().getName() + " and " + p.getClass().getName() + "; remove one from the class path");
      }
    }
    return new CredentialProviders(map);
  }

  /** The schemes served, sorted. */
  public List<String> schemes() {
    return byScheme.keySet().stream().sorted().toList();
  }

  /**
   * The secret behind {@code ref}, for connection {@code connectionId}.
   *
   * @throws UnresolvableSecretException naming the connection and the reference when no provider
   *     serves the scheme, nothing is behind the reference, or the provider fails
   */
  public Secret resolve(SecretRef ref, String connectionId) {
    Objects.requireNonNull(ref, "ref");
    String where = "connection '" + connectionId + "': secret " + ref;
    CredentialProvider provider = byScheme.get(ref.scheme());
    if (provider == null) {
      throw new UnresolvableSecretException(ref, where + " cannot be resolved: no credential provider for scheme '"
          + ref.scheme() + "'. Installed: " + String.join(", ", schemes()), null);
    }
    Optional<Secret> secret;
    try {
      secret = provider.resolve(ref);
    } catch (RuntimeException e) {
      throw new UnresolvableSecretException(ref, where + " cannot be resolved: "
          + Redactor.redact(String.valueOf(e.getMessage())), e);
    }
    if (secret == null || secret.isEmpty()) {
      throw new UnresolvableSecretException(ref, where + " cannot be resolved: " + hint(ref), null);
    }
    return SecretRegistry.register(secret.get());
  }

  private static String hint(SecretRef ref) {
    return switch (ref.scheme()) {
      case EnvCredentialProvider.SCHEME -> "environment variable " + ref.name() + " is not set or empty";
      case FileCredentialProvider.SCHEME -> "file " + ref.name() + " does not exist or is empty";
      default -> "the " + ref.scheme() + " provider has no secret named " + ref.name();
    };
  }
}
