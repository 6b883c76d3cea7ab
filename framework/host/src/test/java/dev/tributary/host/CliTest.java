package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The tributary command")
class CliTest {

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = TributaryCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  /** Connection {@code acme} of the echo connector, with a file database and a file secret. */
  private Path echoWithDatabase() throws Exception {
    Path token = Files.writeString(dir.resolve("echo-token"), "t0ken");
    return config("""
        database:
          url: jdbc:h2:file:%s
        connections:
          acme:
            connector: echo
            secrets:
              token: file:%s
        """.formatted(dir.resolve("db"), token));
  }

  private Path config(String yaml) throws Exception {
    Path f = dir.resolve("tributary.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: tributary", "connectors", "connections");
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithExitTwo() {
    Result r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void connectorsListShowsTheInstalledConnector() {
    Result r = run("connectors", "list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsPattern("ID +VERSION +SPI +AUTH +STREAMS +EGRESS HOSTS")
        .containsPattern("\\necho +0\\.3\\.0 +1\\.0 +bearer +items +api\\.echo\\.example")
        .containsPattern("\\nhubspot +1\\.0\\.0 +1\\.0 +oauth2-refresh-token +contacts,companies,deals +api\\.hubapi\\.com");
  }

  @Test
  void connectionsListShowsTheConfiguredConnections() throws Exception {
    Path token = Files.writeString(dir.resolve("echo-token"), "t0ken\n");
    Path f = config("""
        connections:
          acme:
            connector: echo
            baseUrl: http://127.0.0.1:9999
            schedule: "*/15 * * * *"
            secrets:
              token: file:%s
        """.formatted(token));
    Result r = run("connections", "list", "--config", f.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("acme  echo       http://127.0.0.1:9999  */15 * * * *  true");
  }

  @Test
  void syncThenCursorShowAndResetWorkAgainstTheConfiguredDatabase() throws Exception {
    Path f = echoWithDatabase();

    Result sync = run("sync", "acme", "-c", f.toString());
    assertThat(sync.err()).isEmpty();
    assertThat(sync.exit()).isZero();
    assertThat(sync.out()).contains("STREAM  OUTCOME  PAGES  WRITTEN  UNCHANGED  STALE  DRIFT")
        .containsPattern("items +DONE +1 +1 +0 +0 +0");

    Result again = run("sync", "acme", "--stream", "items", "-c", f.toString());
    assertThat(again.out()).containsPattern("items +DONE +1 +0 +1 +0 +0");

    assertThat(run("cursor", "show", "acme", "items", "-c", f.toString()).out()).contains("(start)");
    Result reset = run("cursor", "reset", "acme", "items", "-c", f.toString());
    assertThat(reset.out()).contains("Cursor of acme/items reset: the next sync is a full one.");
    assertThat(run("cursor", "show", "acme", "items", "-c", f.toString()).out()).contains("(none: the next sync is a full one)");

    Result status = run("token", "status", "-c", f.toString());
    assertThat(status.out()).containsPattern("acme +bearer +OK");
  }

  @Test
  void aFailedJobIsDeadLetteredListedAndReplayedThroughTheCli() throws Exception {
    Path f = echoWithDatabase();
    try (var t = HostRuntime.open(new ConfigLoader().load(f, true), dev.tributary.core.credential.CredentialProviders.loadDefault())) {
      t.queue().enqueue(dev.tributary.core.queue.SyncJobHandler.request("acme", "orders", false).build());
      t.queue().enqueue(dev.tributary.core.queue.SyncJobHandler.request("acme", "items", false).build());
    }

    Result worker = run("worker", "--drain", "-c", f.toString());
    assertThat(worker.exit()).isZero();
    assertThat(worker.out()).contains("Ran 2 jobs; 0 queued, 1 dead letters.");

    Result list = run("dead-letters", "list", "-c", f.toString());
    assertThat(list.out()).containsPattern("ID +KIND +CONNECTION +ATTEMPTS +FAILED AT +LAST ERROR")
        .containsPattern("\\n1 +sync +acme +1 +\\S+ +.*no stream 'orders'");

    Result replay = run("dead-letters", "replay", "1", "-c", f.toString());
    assertThat(replay.exit()).isZero();
    assertThat(replay.out()).containsPattern("Dead letter 1 replayed as job \\d+; workers will run it.");
    assertThat(run("dead-letters", "list", "-c", f.toString()).out()).doesNotContainPattern("\\n1 +sync");

    Result missing = run("dead-letters", "replay", "99", "-c", f.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no dead letter 99; see 'tributary dead-letters list'");
    assertThat(run("dead-letters", "replay", "-c", f.toString()).err()).contains("give a dead-letter ID or --all, not both");
  }

  @Test
  void backfillReadsAStreamAgainFromTheStartAndReportsProgress() throws Exception {
    Path f = echoWithDatabase();

    Result r = run("backfill", "acme", "--stream", "items", "-c", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("backfill acme/items: 1 pages, 1 records read, 1 written after");
    assertThat(run("backfill", "acme", "--stream", "items", "--from", "x", "--resume", "-c", f.toString()).err())
        .contains("give --from or --resume, not both");
  }

  @Test
  void syncOfAnUnknownStreamNamesTheStreamsThatExist() throws Exception {
    Path f = echoWithDatabase();

    Result r = run("sync", "acme", "--stream", "orders", "-c", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("tributary: Connector 'echo' has no stream 'orders'. Streams: items");
  }

  @Nested
  @DisplayName("rejects bad configuration before anything runs")
  class BadConfiguration {

    @Test
    void anUnknownFieldNamesTheFileTheFieldAndTheExpectedOnes() throws Exception {
      Path f = config("""
          connections:
            acme:
              conector: echo
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(f + ": connections.acme.conector: unknown field 'conector'; expected one of: baseUrl, connector, enabled, optionalScopes, options, personalFields, retention, schedule, secrets");
    }

    @Test
    void aLiteralSecretIsRefusedWithoutEchoingIt() throws Exception {
      Path f = config("""
          connections:
            acme:
              connector: echo
              secrets:
                token: sk_live_51HcanaryCANARYcanary
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(f + ": connections.acme.secrets.token: value of 29 characters is not a secret reference")
          .doesNotContain("canary");
    }

    @Test
    void everyErrorIsReportedAtOnce() throws Exception {
      Path f = config("""
          database:
            url: jdbc:mysql://db/x
          server:
            port: 70000
          connections:
            Bad_Id:
              connector: echo
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(
          f + ": database.url: 'jdbc:mysql://db/x' is not supported; expected jdbc:h2:... or jdbc:postgresql://host/db",
          f + ": server.port: 70000 is out of range; expected 0-65535",
          f + ": connections.Bad_Id: connection id 'Bad_Id' is invalid");
    }

    @Test
    void aScheduleThatIsNotACronExpressionIsNamedWithTheExpectedForm() throws Exception {
      Path f = config("""
          connections:
            acme:
              connector: echo
              schedule: "every 15 minutes"
              secrets:
                token: env:ECHO_TOKEN
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(f + ": connections.acme.schedule: 'every 15 minutes' is not a Unix cron expression"
          + " (five fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *')");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
      Path f = config("""
          connections:
            acme:
              baseUrl: https://api.echo.example
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(f + ": connections.acme: required field 'connector' is missing; expected the id of an installed connector (see 'tributary connectors list')");
    }

    @Test
    void aWrongTypeNamesTheExpectedType() throws Exception {
      Path f = config("""
          server:
            port: eighty
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains(f + ": server.port (line 2, column 9): 'eighty' is not a valid whole number");
    }

    @Test
    void anUnknownConnectorListsTheInstalledOnes() throws Exception {
      Path f = config("""
          connections:
            acme:
              connector: ecko
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains("[Tributary/UNKNOWN_CONNECTOR] Connection 'acme': No connector 'ecko'. Installed: echo 0.3.0");
    }

    @Test
    void aMissingSecretReferenceIsNamed() throws Exception {
      Path f = config("""
          connections:
            acme:
              connector: echo
          """);
      Result r = run("connections", "list", "-c", f.toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains("[Tributary/MISSING_SECRET] Connection 'acme' (connector echo, auth bearer) has no secret reference 'token'");
    }

    @Test
    void anExplicitConfigFileThatDoesNotExistIsAnError() {
      Result r = run("connections", "list", "-c", dir.resolve("nope.yaml").toString());
      assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
      assertThat(r.err()).contains("nope.yaml: file not found; pass an existing file with --config");
    }
  }
}
