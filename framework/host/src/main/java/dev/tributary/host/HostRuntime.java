package dev.tributary.host;

import dev.tributary.api.credential.SecretRef;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.core.Tributary;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.KeyService;
import java.util.Objects;

/** Builds the runtime a host command works with, from validated configuration. */
final class HostRuntime {

  private HostRuntime() {}

  /**
   * The runtime for {@code config}: its database (opened and migrated), keys and connections.
   *
   * @throws dev.tributary.core.config.TributaryConfigurationException listing every problem
   */
  static Tributary open(ConfigLoader.Loaded config, CredentialProviders credentials) {
    return open(config, credentials, null, java.time.Clock.systemUTC());
  }

  /** Like {@link #open(ConfigLoader.Loaded, CredentialProviders)}, publishing to {@code metrics} when not null. */
  static Tributary open(ConfigLoader.Loaded config, CredentialProviders credentials,
      dev.tributary.core.metrics.TributaryMetrics metrics, java.time.Clock clock) {
    Objects.requireNonNull(config, "config");
    HostConfig.Database db = config.raw().database();
    String password = db.password() == null ? "" : credentials.resolve(SecretRef.parse(db.password()), "database").reveal();
    Tributary.Builder b = Tributary.builder()
        .credentials(credentials)
        .database(db.url(), db.user(), password)
        .syncBudget(config.raw().sync().budget())
        .connections(config.connections())
        .clock(clock);
    if (metrics != null) {
      b.metrics(metrics);
    }
    keys(config.raw().keys(), credentials).ifPresent(b::tokenKeys);
    personalDataKeys(config.raw().keys(), credentials).ifPresent(b::personalDataKeys);
    config.raw().connections().forEach((id, c) -> {
      if (c != null) {
        c.personalFields().forEach((stream, fields) -> b.personalFields(id, stream, fields.entrySet().stream()
            .map(e -> new PersonalField(e.getKey(), e.getValue())).toList()));
      }
    });
    return b.build();
  }

  /** The personal-data keyring of {@code keys.personalData} (and {@code personalDataPrevious}), if configured. */
  static java.util.Optional<KeyService> personalDataKeys(HostConfig.Keys keys, CredentialProviders credentials) {
    if (keys.personalData() == null) {
      return java.util.Optional.empty();
    }
    KeyService.Builder kb = KeyService.builder().activeKey(keys.personalData().id(),
        credentials.resolve(SecretRef.parse(keys.personalData().secret()), "keys.personalData"));
    for (HostConfig.Key k : keys.personalDataPrevious()) {
      kb.decryptOnlyKey(k.id(), credentials.resolve(SecretRef.parse(k.secret()), "keys.personalDataPrevious"));
    }
    return java.util.Optional.of(kb.build());
  }

  static java.util.Optional<KeyService> keys(HostConfig.Keys keys, CredentialProviders credentials) {
    if (keys.tokens() == null) {
      return java.util.Optional.empty();
    }
    KeyService.Builder kb = KeyService.builder().activeKey(keys.tokens().id(),
        credentials.resolve(SecretRef.parse(keys.tokens().secret()), "keys.tokens"));
    for (HostConfig.Key k : keys.previous()) {
      kb.decryptOnlyKey(k.id(), credentials.resolve(SecretRef.parse(k.secret()), "keys.previous"));
    }
    return java.util.Optional.of(kb.build());
  }
}
