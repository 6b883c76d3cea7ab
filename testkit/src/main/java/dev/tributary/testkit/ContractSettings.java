package dev.tributary.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the contract kit needs besides the connector: its test credentials (which double as
 * canaries: the kit fails if any of them reaches a log line), the connection options its streams
 * read, and where its golden files are. Immutable, thread-safe.
 *
 * <pre>{@code
 * ContractSettings.builder()
 *     .secret("apiKey", "sk_test_CANARY_4f2a9c")    // secret names as in AuthSecrets
 *     .option("account", "acct_123")
 *     .build();
 * }</pre>
 *
 * @param secrets secret name to test value, e.g. {@code apiKey -> sk_test_CANARY...}
 * @param options connection options, e.g. {@code owner -> octo-org}
 * @param goldenResource the golden directory as a class-path resource (default {@code golden})
 * @param goldenDirectory the golden directory as a file path; wins over {@code goldenResource}
 * @param connectorPackage the package the architecture rules check (default: the provider's)
 * @param readTimeout the read timeout of the timeout check, short so it stays quick (other checks use 5 s)
 * @param maxSyncTime how long one sync may run in real time before the kit calls it a hang
 */
public record ContractSettings(
    Map<String, String> secrets,
    Map<String, String> options,
    String goldenResource,
    Optional<Path> goldenDirectory,
    Optional<String> connectorPackage,
    Duration readTimeout,
    Duration maxSyncTime) {

  public ContractSettings {
    secrets = Map.copyOf(secrets);
    options = Map.copyOf(options);
    Objects.requireNonNull(goldenResource, "goldenResource");
    Objects.requireNonNull(goldenDirectory, "goldenDirectory");
    Objects.requireNonNull(connectorPackage, "connectorPackage");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(maxSyncTime, "maxSyncTime");
  }

  /** No secrets, no options, golden files under {@code golden/} on the test class path. */
  public static ContractSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** These settings with the golden files read from {@code dir}. */
  public ContractSettings withGoldenDirectory(Path dir) {
    return new ContractSettings(secrets, options, goldenResource, Optional.of(dir), connectorPackage, readTimeout, maxSyncTime);
  }

  /** Builds {@link ContractSettings}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private String goldenResource = "golden";
    private Path goldenDirectory;
    private String connectorPackage;
    private Duration readTimeout = Duration.ofMillis(300);
    private Duration maxSyncTime = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * A test credential under the secret name the auth scheme reads ({@code apiKey}, {@code token},
     * {@code clientId}, {@code clientSecret}, {@code refreshToken}, ...). Use a distinctive value of
     * at least 6 characters: the kit searches the logs for it.
     *
     * @throws IllegalArgumentException if the value is shorter than 6 characters
     */
    public Builder secret(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (value.length() < 6) {
        throw new IllegalArgumentException("test secret '" + name + "' must be at least 6 characters (the kit uses it"
            + " as a canary and searches the logs for it); use e.g. '" + name + "-CANARY-1234'");
      }
      secrets.put(name, value);
      return this;
    }

    /** A connection option the connector's streams read. */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The golden directory as a class-path resource, e.g. {@code golden} (the default). */
    public Builder goldenResource(String resource) {
      if (Objects.requireNonNull(resource, "goldenResource").isBlank()) {
        throw new IllegalArgumentException("goldenResource must not be blank");
      }
      goldenResource = resource;
      return this;
    }

    /** The golden directory as a file path, e.g. {@code src/test/resources/golden}. */
    public Builder goldenDirectory(Path dir) {
      goldenDirectory = Objects.requireNonNull(dir, "goldenDirectory");
      return this;
    }

    /** The package the architecture rules check; default the provider class's package. */
    public Builder connectorPackage(String pkg) {
      if (Objects.requireNonNull(pkg, "connectorPackage").isBlank()) {
        throw new IllegalArgumentException("connectorPackage must not be blank");
      }
      connectorPackage = pkg;
      return this;
    }

    /** The read timeout of the kit's runtime (default 300 ms); the timeout check delays past it. */
    public Builder readTimeout(Duration d) {
      if (Objects.requireNonNull(d, "readTimeout").isNegative() || d.isZero() || d.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("readTimeout must be between 0 and 10 s, was " + d);
      }
      readTimeout = d;
      return this;
    }

    /** How long one sync may take in real time before the kit reports a hang (default 30 s). */
    public Builder maxSyncTime(Duration d) {
      if (Objects.requireNonNull(d, "maxSyncTime").isNegative() || d.isZero()) {
        throw new IllegalArgumentException("maxSyncTime must be positive, was " + d);
      }
      maxSyncTime = d;
      return this;
    }

    public ContractSettings build() {
      return new ContractSettings(secrets, options, goldenResource, Optional.ofNullable(goldenDirectory),
          Optional.ofNullable(connectorPackage), readTimeout, maxSyncTime);
    }
  }
}
