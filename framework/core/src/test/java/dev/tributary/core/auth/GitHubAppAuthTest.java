package dev.tributary.core.auth;

import dev.tributary.core.db.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubAppAuthTest {

  private static final KeyPair KEYS = rsa();
  private static final String PATH = "/app/installations/61234567/access_tokens";

  // The golden sample's expires_at is 2026-03-10T15:05:09Z: one hour after this.
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T14:05:09Z"));
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private WireMockServer github;

  @BeforeEach
  void start() throws IOException {
    github = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    github.start();
    github.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(golden())));
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  private TokenManager manager(String pem, Set<String> required) {
    var manifest = MockAuthServer.manifest(AuthScheme.custom("github-app", Map.of("apiUrl", github.baseUrl())),
        required, Set.of());
    var connection = ConnectionConfig.builder("acme-github", "github")
        .option("appId", "Iv23liTributary").option("installationId", "61234567")
        .secret("privateKey", "env:GITHUB_APP_KEY").build();
    var credentials = CredentialProviders.of(List.of(new EnvCredentialProvider(Map.of("GITHUB_APP_KEY", pem))));
    return TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(), credentials,
            TokenEndpointClient.builder().sleeper(d -> { }).build(), clock)
        .stateStore(store).keys(TestSupport.keys(TestSupport.randomKey())).build();
  }

  @Test
  void exchangesASignedAppJwtForAnInstallationToken() throws Exception {
    TokenManager tokens = manager(pkcs8Pem(), Set.of("issues:read"));

    assertThat(tokens.headers()).containsEntry("Authorization", "Bearer ghs_TrIbUtArYfIcTiOnAlT0kEn0000000000001");
    assertThat(tokens.token().expiresAt()).isEqualTo(Instant.parse("2026-03-10T15:05:09Z"));

    List<LoggedRequest> requests = github.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    String jwt = request.getHeader("Authorization").substring("Bearer ".length());
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Signature verify = Signature.getInstance("SHA256withRSA");
    verify.initVerify(KEYS.getPublic());
    verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).as("JWT signature verifies with the app's public key").isTrue();
    JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(claims.path("iss").asText()).isEqualTo("Iv23liTributary");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond() - 60);
    assertThat(claims.path("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 540);
  }

  @Test
  void renewsTheInstallationTokenOnlyNearItsExpiry() {
    TokenManager tokens = manager(pkcs8Pem(), Set.of());
    tokens.headers();
    clock.advance(Duration.ofMinutes(58));
    tokens.headers();
    github.verify(1, postRequestedFor(urlEqualTo(PATH)));
    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // within 60 s of expires_at
    tokens.headers();
    github.verify(2, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void acceptsTheRsaPrivateKeyPemGitHubDownloads() {
    TokenManager tokens = manager(pkcs1Pem(), Set.of());

    assertThat(tokens.headers()).containsKey("Authorization");
  }

  @Test
  void aPermissionMissingFromTheInstallationFailsClosed() {
    TokenManager tokens = manager(pkcs8Pem(), Set.of("issues:read", "pull_requests:write"));

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageEndingWith("needs re-authorisation: the grant lacks required scopes [pull_requests:write] "
            + "(granted [contents:read, issues:read, metadata:read]); re-authorise and approve them");
  }

  @Test
  void aRejectedAppJwtFailsClosedWithoutRetrying() {
    github.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}")));
    TokenManager tokens = manager(pkcs8Pem(), Set.of());

    assertThatThrownBy(tokens::headers).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining(PATH + " answered 401 ({\"message\":\"Bad credentials\"")
        .hasMessageEndingWith(": check appId and privateKey");
    github.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Accept", equalTo("application/vnd.github+json")));
  }

  @Test
  void aKeyThatIsNotPemIsRefusedAtStartUpNamingTheSecret() {
    assertThatThrownBy(() -> manager("not a key at all", Set.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection 'acme-github': secret env:GITHUB_APP_KEY is not a PEM private key: "
            + "expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----");
  }

  @Test
  void aMissingInstallationIdIsRefusedAtStartUp() {
    var manifest = MockAuthServer.manifest(AuthScheme.custom("github-app", Map.of()), Set.of(), Set.of());
    var connection = ConnectionConfig.builder("acme-github", "github").option("appId", "1").build();
    assertThatThrownBy(() -> TokenManager.forConnection(manifest, connection, AuthSchemes.loadDefault(),
            CredentialProviders.of(List.of()), TokenEndpointClient.builder().build(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection 'acme-github': auth scheme 'github-app' needs setting 'installationId': "
            + "add option(\"installationId\", ...) to the connection or the param to the manifest's auth scheme");
  }

  private static String golden() throws IOException {
    try (InputStream in = GitHubAppAuthTest.class.getResourceAsStream("/github/app-installation-token-create.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pkcs8Pem() {
    return pem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
  }

  /** The PKCS#1 RSAPrivateKey inside the JDK's PKCS#8 encoding: what GitHub hands out. */
  private static String pkcs1Pem() {
    byte[] p8 = KEYS.getPrivate().getEncoded();
    // SEQUENCE(len 2) { INTEGER 0, AlgorithmIdentifier(15 bytes), OCTET STRING(len 2) { pkcs1 } }
    assertThat(p8[0]).isEqualTo((byte) 0x30);
    assertThat(p8[22]).isEqualTo((byte) 0x04);
    return pem("RSA PRIVATE KEY", Arrays.copyOfRange(p8, 26, p8.length));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
