package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorization-code step against a real OAuth2 server on loopback, a browser stood in by HttpClient. */
class AuthorizeTest {

  @TempDir Path dir;
  MockOAuth2Server oauth;

  @BeforeEach
  void start() {
    oauth = new MockOAuth2Server();
    oauth.start(java.net.InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    oauth.shutdown();
  }

  /** Output that completes a future with the first match of a pattern, so the test waits on an event, not a timer. */
  static final class Watch extends StringWriter {
    final Pattern pattern;
    final CompletableFuture<String> match = new CompletableFuture<>();

    Watch(String regex) {
      pattern = Pattern.compile(regex);
    }

    @Override
    public void write(String str, int off, int len) {
      super.write(str, off, len);
      Matcher m = pattern.matcher(toString());
      if (!match.isDone() && m.find()) {
        match.complete(m.group(1));
      }
    }
  }

  private Path config() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("key"), Base64.getEncoder().encodeToString(new byte[32]));
    Files.writeString(secrets.resolve("id"), "tributary-test-client");
    Files.writeString(secrets.resolve("secret"), "client-secret-canary-7f3a");
    Files.writeString(secrets.resolve("refresh"), "not-yet-authorised");
    Path f = dir.resolve("tributary.yaml");
    Files.writeString(f, """
        database:
          url: jdbc:h2:file:%1$s/db
        keys:
          tokens: { id: k1, secret: "file:%1$s/secrets/key" }
        connections:
          acme-crm:
            connector: hubspot
            baseUrl: http://127.0.0.1:9
            secrets:
              clientId: "file:%1$s/secrets/id"
              clientSecret: "file:%1$s/secrets/secret"
              refreshToken: "file:%1$s/secrets/refresh"
            options:
              authorizeUrl: %2$s
              tokenUrl: %3$s
        """.formatted(dir, oauth.authorizationEndpointUrl("default"), oauth.tokenEndpointUrl("default")));
    return f;
  }

  @Test
  void theConsentRedirectIsReceivedOnLoopbackAndTheRefreshTokenStoredEncrypted() throws Exception {
    Path f = config();
    Watch out = new Watch("(http://\\S+/authorize\\S+)");
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> TributaryCli.run(
        new String[] {"authorize", "acme-crm", "-c", f.toString(), "--timeout", "PT30S", "--extra-scope", "openid"},
        new PrintWriter(out, true), new PrintWriter(err, true)));

    URI consent = URI.create(CompletableFuture.anyOf(out.match, cli).thenApply(o -> out.match.getNow(
        "missing: consent URL not printed; stderr: " + err)).get(60, TimeUnit.SECONDS));
    assertThat(consent.getQuery()).contains("response_type=code", "client_id=tributary-test-client",
        "redirect_uri=http://127.0.0.1:", "state=", "crm.objects.contacts.read");

    // The "browser": follow the vendor's redirect back to the CLI's loopback server.
    HttpResponse<String> landing = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
        .send(HttpRequest.newBuilder(consent).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(landing.body()).contains("Tributary received the authorization");

    assertThat(cli.get(60, TimeUnit.SECONDS)).as("exit; stderr: %s", err).isZero();
    assertThat(out.toString()).contains("Connection 'acme-crm' is authorised");
    assertThat(out.toString() + err).doesNotContain("client-secret-canary-7f3a");

    String h2 = new String(Files.readAllBytes(dir.resolve("db.mv.db")), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(oauth.takeRequest().getRequestUrl().encodedPath()).endsWith("/authorize");
    assertThat(oauth.takeRequest().getRequestUrl().encodedPath()).endsWith("/token");
    assertThat(h2).as("the database holds no plain refresh token").doesNotContain("refresh_token");

    CliTest.Result status = CliTest.run("token", "status", "-c", f.toString());
    assertThat(status.out()).containsPattern("acme-crm +oauth2-refresh-token +OK");
  }

  @Test
  void aRedirectWithAForeignStateIsRefused() throws Exception {
    Path f = config();
    Watch out = new Watch("redirect on (http://127\\.0\\.0\\.1:\\d+/callback)");
    CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> TributaryCli.run(
        new String[] {"authorize", "acme-crm", "-c", f.toString(), "--timeout", "PT3S"},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
    String callback = out.match.get(60, TimeUnit.SECONDS);
    HttpResponse<String> forged = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(callback + "?code=stolen&state=forged")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("refused this redirect");
    assertThat(cli.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }
}
