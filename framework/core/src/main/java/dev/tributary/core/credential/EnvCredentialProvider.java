package dev.tributary.core.credential;

import dev.tributary.api.credential.CredentialProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves {@code env:NAME} from environment variables. The environment is injectable so tests
 * need not mutate the process's. An empty variable counts as missing. Thread-safe.
 */
public final class EnvCredentialProvider implements CredentialProvider {

  /** The scheme served: {@value}. */
  public static final String SCHEME = "env";

  private final Map<String, String> env;

  /** Reads the process environment. */
  public EnvCredentialProvider() {
    this(System.getenv());
  }

  /** Reads {@code env} instead of the process environment (tests, embedding). */
  public EnvCredentialProvider(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Optional<Secret> resolve(SecretRef ref) {
    requireScheme(ref, SCHEME);
    String value = env.get(ref.name());
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SecretRegistry.register(Secret.of(value, ref.toString())));
  }

  static void requireScheme(SecretRef ref, String scheme) {
    Objects.requireNonNull(ref, "ref");
    if (!scheme.equals(ref.scheme())) {
      throw new IllegalArgumentException("the " + scheme + " provider cannot resolve " + ref
          + ": its scheme is " + ref.scheme());
    }
  }
}
