package dev.tributary.core.auth;

import dev.tributary.api.credential.Secret;
import dev.tributary.api.store.StateStore;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.credential.SecretRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a connection's current refresh token lives once the vendor has rotated it. The stored one
 * takes precedence over the one configured at consent, which is spent after its first use on a
 * rotating server. A {@link #save} is one atomic write. Thread-safe.
 */
public interface RefreshTokenStore {

  /** The stored refresh token of {@code connectionId}, if any. */
  Optional<Secret> load(String connectionId);

  /** Replaces the stored refresh token of {@code connectionId}. */
  void save(String connectionId, Secret refreshToken);

  /**
   * A store on a {@link StateStore}, encrypted with {@code keys} and bound to the connection (a
   * ciphertext copied to another connection's slot does not decrypt). The StateStore requires a
   * TTL; refresh tokens get ten years and are replaced on rotation.
   */
  static RefreshTokenStore encrypted(StateStore store, KeyService keys) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(keys, "keys");
    Duration forever = Duration.ofDays(3650);
    return new RefreshTokenStore() {
      @Override
      public Optional<Secret> load(String connectionId) {
        String key = key(connectionId);
        return store.get(key).map(bytes -> {
          String value = keys.decryptString(bytes, key);
          SecretRegistry.registerIssued(value);
          return Secret.of(value, "stored refresh token of connection '" + connectionId + "'");
        });
      }

      @Override
      public void save(String connectionId, Secret refreshToken) {
        String key = key(connectionId);
        store.put(key, keys.encryptString(refreshToken.reveal(), key), forever);
      }

      private String key(String connectionId) {
        return "oauth2-refresh-token:" + connectionId;
      }
    };
  }
}
