package dev.tributary.connector.github;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tributary.api.errors.AuthenticationException;
import dev.tributary.api.errors.RateLimitedException;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The GitHub connector's rate limits, bad credentials and GitHub App variant")
class GitHubErrorsAndAppTest {

  /** The time of the recorded samples, so that their reset times and token expiry mean what they meant. */
  static final Clock SAMPLE_TIME = Clock.fixed(Instant.parse("2026-03-10T14:05:09Z"), ZoneOffset.UTC);
  static final String ISSUES = "/repos/tributary-demo/widget-service/issues";
  static String privateKeyPem;

  @BeforeAll
  static void appKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair()
            .getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  static String sample(String name) throws IOException {
    try (InputStream in = GitHubErrorsAndAppTest.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A response as recorded: the status line and headers of {@code <name>.headers}, the body of {@code <name>.json}. */
  static ResponseDefinitionBuilder recorded(String name) throws IOException {
    String[] lines = sample(name + ".headers").strip().split("\n");
    ResponseDefinitionBuilder r = aResponse().withStatus(Integer.parseInt(lines[0].split(" ")[1]));
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(": ");
      r = r.withHeader(lines[i].substring(0, colon), lines[i].substring(colon + 2));
    }
    return r.withBody(sample(name + ".json"));
  }

  static GoldenVendor pat(String stream) {
    return new GoldenVendor(new GitHubConnectorProvider(), stream, Map.of("GITHUB_TOKEN", GitHubGoldenSyncTest.TOKEN),
        (c, url) -> c.secret("token", "env:GITHUB_TOKEN").option("owner", "tributary-demo")
            .option("repo", "widget-service").option("perPage", "2"), SAMPLE_TIME, b -> b);
  }

  @Test
  void aSecondaryRateLimit429WaitsItsRetryAfterThenReadsThePage() throws Exception {
    try (GoldenVendor v = pat("issues")) {
      v.server.stubFor(get(urlPathEqualTo(ISSUES)).atPriority(1).inScenario("secondary").whenScenarioStateIs(STARTED)
          .willSetStateTo("waited").willReturn(recorded("error-rate-limited-429")));

      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full()).orThrow();

      assertThat(r.written()).isEqualTo(3);
      assertThat(v.slept).contains(Duration.ofSeconds(60));
      v.server.verify(2, getRequestedFor(urlPathEqualTo(ISSUES)));
    }
  }

  @Test
  void anExhaustedPrimaryLimit403StopsTheRunWithTheWaitUntilTheReset() throws Exception {
    try (GoldenVendor v = pat("issues")) {
      v.server.stubFor(get(urlPathEqualTo(ISSUES)).atPriority(1).willReturn(recorded("error-rate-limited-403")));

      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full());

      // x-ratelimit-reset 1773152769 is 21 min after the response: longer than the in-line cap, so
      // the run stops, and the queue reschedules the job with the wait.
      assertThat(r.stoppedBecause()).isEqualTo(SyncResult.StopReason.ERROR);
      assertThat(r.error().orElseThrow().getCause()).isInstanceOfSatisfying(RateLimitedException.class,
          e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1773152769L - 1773151509L)));
      assertThat(r.pages()).isZero();
      assertThat(r.cursor()).isEmpty();
      v.server.verify(1, getRequestedFor(urlPathEqualTo(ISSUES)));
    }
  }

  @Test
  void badCredentialsFailTheRunAsAnAuthenticationError() throws Exception {
    try (GoldenVendor v = pat("issues")) {
      v.server.stubFor(get(urlPathEqualTo(ISSUES)).atPriority(1).willReturn(recorded("error-bad-credentials-401")));

      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full());

      assertThat(r.error().orElseThrow().getCause()).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("GET /repos/{owner}/{repo}/issues -> 401");
      assertThat(r.error().orElseThrow().getMessage()).doesNotContain(GitHubGoldenSyncTest.TOKEN);
    }
  }

  static GoldenVendor app(String stream) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 3);
    return new GoldenVendor(new GitHubAppConnectorProvider(), stream, Map.of("GITHUB_APP_KEY", privateKeyPem),
        (c, url) -> c.secret("privateKey", "env:GITHUB_APP_KEY").option("appId", "Iv23liFictitiousApp01")
            .option("installationId", "61234567").option("apiUrl", url)
            .option("owner", "tributary-demo").option("repo", "widget-service").option("perPage", "2"),
        SAMPLE_TIME,
        b -> b.tokenKeys(KeyService.builder().activeKey("k1", Secret.of(Base64.getEncoder().encodeToString(key), "test")).build()));
  }

  /** The recorded installation token answer, with the permissions the app was granted. */
  static String installationToken(boolean pullRequests) throws IOException {
    ObjectNode json = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample("app-installation-token-create.json"));
    if (pullRequests) {
      ((ObjectNode) json.get("permissions")).put("pull_requests", "read");
    }
    return json.toString();
  }

  @Test
  void theAppVariantMintsAnInstallationTokenWithASignedJwtAndReadsWithIt() throws Exception {
    try (GoldenVendor v = app("issues")) {
      v.server.stubFor(post(urlPathEqualTo("/app/installations/61234567/access_tokens"))
          .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json; charset=utf-8")
              .withBody(installationToken(true))));

      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full()).orThrow();

      assertThat(r.written()).isEqualTo(3);
      v.server.verify(1, postRequestedFor(urlPathEqualTo("/app/installations/61234567/access_tokens"))
          .withHeader("Authorization", matching("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")));
      v.server.verify(1, getRequestedFor(urlPathEqualTo(ISSUES)).withHeader("Authorization",
          equalTo("Bearer ghs_TrIbUtArYfIcTiOnAlT0kEn0000000000001")).withHeader("If-None-Match", absent()));
      v.server.verify(1, getRequestedFor(urlPathEqualTo("/repositories/812345671/issues")).withHeader("Authorization",
          equalTo("Bearer ghs_TrIbUtArYfIcTiOnAlT0kEn0000000000001")));
      String jwt = v.server.findAll(postRequestedFor(urlPathEqualTo("/app/installations/61234567/access_tokens")))
          .get(0).getHeader("Authorization").substring("Bearer ".length());
      JsonNode claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
      assertThat(claims.get("iss").asText()).isEqualTo("Iv23liFictitiousApp01");
    }
  }

  @Test
  void anInstallationWithoutThePullRequestsPermissionFailsClosed() throws Exception {
    try (GoldenVendor v = app("issues")) {
      v.server.stubFor(post(urlPathEqualTo("/app/installations/61234567/access_tokens"))
          .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json; charset=utf-8")
              .withBody(installationToken(false))));

      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full());

      assertThat(r.error().orElseThrow().getCause()).isInstanceOf(ReauthorizationRequiredException.class)
          .hasMessageContaining("pull_requests:read");
      v.server.verify(0, getRequestedFor(urlPathEqualTo(ISSUES)));
    }
  }
}
