package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.credential.CredentialProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

  @TempDir Path dir;

  ConfigLoader.Loaded load(String yaml) throws Exception {
    Path f = dir.resolve("tributary.yaml");
    Files.writeString(f, yaml);
    return new ConfigLoader().load(f, true);
  }

  @Test
  void servesHealthMetricsAndStatusFromConfigurationOnAFreePort() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "echo-token-value");
    Path admin = Files.writeString(dir.resolve("admin"), "admin-token-value");
    ConfigLoader.Loaded config = load("""
        database:
          url: jdbc:h2:file:%s
        server:
          port: 0
          adminToken: file:%s
          workers: 1
        slo:
          updatesVisibleWithin: PT10M
          warnAt: 0.5
        connections:
          shop:
            connector: echo
            secrets:
              token: file:%s
        """.formatted(dir.resolve("db"), admin, token));
    assertThat(config.slo().updateLatency()).hasMinutes(10);

    try (ServeCommand.Serving s = ServeCommand.Serving.start(config, CredentialProviders.loadDefault(), Clock.systemUTC(), null, null)) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = s.server().uri("/");
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"name\" : \"connection:shop\"").contains("stream items has no successful sync yet");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("tributary_queue_oldest_job_age_seconds");
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.body()).contains("data-component=\"connection:shop\"");
    }
  }

  @Test
  void webhookSecretsOnAConnectorWithoutWebhooksStopTheStartNamingTheField() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "echo-token-value");
    Path whsec = Files.writeString(dir.resolve("whsec"), "whsec_value_123456");
    ConfigLoader.Loaded config = load("""
        database:
          url: jdbc:h2:file:%s
        server:
          port: 0
        connections:
          shop:
            connector: echo
            secrets:
              token: file:%s
            webhookSecrets: [file:%s]
        """.formatted(dir.resolve("db"), token, whsec));
    assertThatThrownBy(() -> ServeCommand.Serving.start(config, CredentialProviders.loadDefault(), Clock.systemUTC(), null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connections.shop.webhookSecrets: connection shop: its connector accepts no webhooks (scheme 'none'); "
            + "do not register a webhook endpoint for it");
  }

  @Test
  void serveIsASubcommandOfTheCli() {
    java.io.StringWriter out = new java.io.StringWriter();
    int code = TributaryCli.run(new String[] {"serve", "--help"}, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--port").contains("--bind").contains("Runs until stopped (Ctrl-C).");
  }

  @Test
  void rejectsEveryBadSloAndWebhookSettingAtOnceNamingTheField() throws Exception {
    assertThatThrownBy(() -> load("""
        server:
          workers: -1
          publicUrl: hooks.example.com/x
        slo:
          updatesVisibleWithin: PT0S
          errorRate: 1.5
          warnAt: 1
        connections:
          shop:
            connector: echo
            webhookSecrets: [env:A, env:B, env:C]
            syncCurrency: -PT1M
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.workers: -1 is out of range; expected 0-64 queue worker threads (0: no workers)")
        .hasMessageContaining("server.publicUrl: 'hooks.example.com/x' is invalid; expected the URL vendors call, without a path, e.g. https://hooks.example.com")
        .hasMessageContaining("slo.updatesVisibleWithin: PT0S must be positive, e.g. PT15M")
        .hasMessageContaining("slo.errorRate: 1.5 is out of range; expected a share of calls in (0, 1], e.g. 0.25")
        .hasMessageContaining("slo.warnAt: 1.0 is out of range; expected a share of each objective in (0, 1), e.g. 0.8")
        .hasMessageContaining("connections.shop.webhookSecrets: 3 given; at most 2 (the current secret, then the previous one while rotating)")
        .hasMessageContaining("connections.shop.syncCurrency: PT-1M must be positive, e.g. PT30M");
  }
}
