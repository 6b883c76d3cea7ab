package dev.tributary.core.credential;

import dev.tributary.api.credential.SecretRef;

/**
 * A secret reference could not be resolved: no provider for its scheme, nothing behind it, or the
 * store failed. The message names the connection and the reference, never a value.
 */
public final class UnresolvableSecretException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient SecretRef ref;

  UnresolvableSecretException(SecretRef ref, String message, Throwable cause) {
    super(message, cause);
    this.ref = ref;
  }

  /** The reference that failed. */
  public SecretRef ref() {
    return ref;
  }
}
