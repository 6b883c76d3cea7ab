package dev.tributary.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.credential.CredentialProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import dev.tributary.core.config.ConnectionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialProvidersTest {

  @TempDir
  Path dir;

  private final CredentialProviders providers = CredentialProviders.load(
      new EnvCredentialProvider(Map.of("HUBSPOT_TOKEN", "pat-na1-11112222-3333")), getClass().getClassLoader());

  @Test
  void resolvesEnvironmentVariablesFromTheInjectedMap() {
    Secret s = providers.resolve(SecretRef.parse("env:HUBSPOT_TOKEN"), "acme-hubspot");

    assertThat(s.reveal()).isEqualTo("pat-na1-11112222-3333");
    assertThat(s.source()).isEqualTo("env:HUBSPOT_TOKEN");
    assertThat(s).hasToString("Secret[env:HUBSPOT_TOKEN, ****]");
  }

  @Test
  void resolvesAMountedFileDroppingOneTrailingNewline() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  value with spaces \n");
    Path crlf = dir.resolve("crlf");
    Files.writeString(crlf, "windows-value\r\n");

    assertThat(providers.resolve(SecretRef.parse("file:" + file), "c").reveal()).isEqualTo("  value with spaces ");
    assertThat(providers.resolve(SecretRef.parse("file:" + crlf), "c").reveal()).isEqualTo("windows-value");
  }

  @Test
  void aWorldReadableSecretFileIsStillReadButWarnedAbout() throws Exception {
    Path file = dir.resolve("open");
    Files.writeString(file, "open-secret-value");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (LogCapture logs = LogCapture.start()) {
      assertThat(providers.resolve(SecretRef.parse("file:" + file), "c").reveal()).isEqualTo("open-secret-value");
      assertThat(logs.text()).contains("WARN").contains("secret file file:" + file
          + " is readable by every user on this machine: run chmod o-r " + file + " (or 0400)");
    }
  }

  @Test
  void anUnsetVariableNamesTheConnectionAndTheReference() {
    assertThatThrownBy(() -> providers.resolve(SecretRef.parse("env:MISSING_TOKEN"), "acme-hubspot"))
        .isInstanceOf(UnresolvableSecretException.class)
        .hasMessage("connection 'acme-hubspot': secret env:MISSING_TOKEN cannot be resolved: environment variable MISSING_TOKEN is not set or empty");
  }

  @Test
  void aMissingFileNamesTheConnectionAndThePath() {
    assertThatThrownBy(() -> providers.resolve(SecretRef.parse("file:/run/secrets/nope"), "acme"))
        .hasMessage("connection 'acme': secret file:/run/secrets/nope cannot be resolved: file /run/secrets/nope does not exist or is empty");
  }

  @Test
  void anUnknownSchemeListsTheInstalledProviders() {
    assertThatThrownBy(() -> providers.resolve(SecretRef.parse("vault:secret/data/hubspot#token"), "acme"))
        .hasMessage("connection 'acme': secret vault:secret/data/hubspot#token cannot be resolved: "
            + "no credential provider for scheme 'vault'. Installed: env, file, test-vault");
  }

  @Test
  void providersOnTheClassPathAreLoadedByServiceLoader() {
    assertThat(providers.schemes()).containsExactly("env", "file", "test-vault");
    assertThat(providers.resolve(SecretRef.parse("test-vault:kv/acme"), "acme").reveal()).isEqualTo("vault-value-for-kv/acme");
  }

  @Test
  void aLiteralSecretInConfigurationIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> ConnectionConfig.builder("acme", "hubspot").secret("token", "pat-na1-abcdef0123456789"))
        .hasMessage("connection 'acme', secret 'token': value of 24 characters is not a secret reference: configuration "
            + "must not hold secrets themselves; write scheme:name, e.g. env:HUBSPOT_TOKEN or file:/run/secrets/hubspot")
        .message().doesNotContain("abcdef0123456789");
  }

  @Test
  void twoProvidersForOneSchemeAreRefused() {
    assertThatThrownBy(() -> CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of()), new EnvCredentialProvider(Map.of()))))
        .hasMessage("two credential providers serve scheme 'env': dev.tributary.core.credential.EnvCredentialProvider and "
            + "dev.tributary.core.credential.EnvCredentialProvider; remove one from the class path");
  }

  @Test
  void aFailingProviderIsReportedWithItsReferenceAndNoValue() {
    CredentialProvider broken = new CredentialProvider() {
      public String scheme() {
        return "vault";
      }

      public Optional<Secret> resolve(SecretRef ref) {
        throw new IllegalStateException("vault sealed; last token was hvs.CAESIJ-secret-token-value-1 Authorization: Bearer abcdef123456789");
      }
    };
    SecretRegistry.registerValue("hvs.CAESIJ-secret-token-value-1");

    assertThatThrownBy(() -> CredentialProviders.of(List.of(broken)).resolve(SecretRef.parse("vault:kv/x"), "acme"))
        .hasMessage("connection 'acme': secret vault:kv/x cannot be resolved: vault sealed; last token was **** Authorization: Bearer ****");
  }

  @Test
  void secretsRefuseJacksonSerialization() {
    Secret s = Secret.of("do-not-serialize-me", "env:X");

    assertThatThrownBy(() -> new ObjectMapper().writeValueAsString(Map.of("token", s)))
        .hasMessageStartingWith("Secret from env:X cannot be serialized: write its reference, not its value")
        .message().doesNotContain("do-not-serialize-me");
  }

  /** A fake Vault registered in META-INF/services of the test class path. */
  public static final class TestVaultProvider implements CredentialProvider {
    @Override
    public String scheme() {
      return "test-vault";
    }

    @Override
    public Optional<Secret> resolve(SecretRef ref) {
      return Optional.of(Secret.of("vault-value-for-" + ref.name(), ref.toString()));
    }
  }
}
