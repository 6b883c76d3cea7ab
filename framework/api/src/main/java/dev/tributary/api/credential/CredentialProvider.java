package dev.tributary.api.credential;

import java.util.Optional;

/**
 * Resolves {@link SecretRef}s of one scheme to {@link Secret}s. Built in: {@code env} and
 * {@code file}; more (Vault, cloud secret managers) are found by {@link java.util.ServiceLoader}
 * under {@code META-INF/services/dev.tributary.api.credential.CredentialProvider}.
 *
 * <p>Implementations are thread-safe and must not log secret values. They may cache, but should
 * re-read on every call if the backing store rotates secrets.
 *
 * @since 1.0
 */
public interface CredentialProvider {

  /** The reference scheme this provider serves, e.g. {@code vault}. */
  String scheme();

  /**
   * The secret behind {@code ref}, or empty when it does not exist.
   *
   * @throws IllegalStateException when the store cannot be read; the message names the reference
   *     and the cause, never a value
   */
  Optional<Secret> resolve(SecretRef ref);
}
