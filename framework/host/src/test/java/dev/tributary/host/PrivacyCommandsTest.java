package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyCommandsTest {

  @TempDir Path dir;

  private Path key(String name) throws Exception {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(k));
  }

  private Path config(String keys, String extra) throws Exception {
    Path token = Files.writeString(dir.resolve("echo-token"), "t0ken");
    return Files.writeString(dir.resolve("tributary.yaml"), """
        database:
          url: jdbc:h2:file:%s
        keys:
        %s
        connections:
          acme:
            connector: echo
            secrets:
              token: file:%s
        %s
        """.formatted(dir.resolve("db"), keys.indent(2).stripTrailing(), token, extra.indent(4).stripTrailing()));
  }

  @Test
  void eraseRemovesTheSubjectsRecordsAndReportsCountsWithoutEchoingTheSubject() throws Exception {
    Path f = config("personalData: {id: pd-1, secret: file:%s}".formatted(key("pd1")), "retention: {items: P30D}");
    assertThat(CliTest.run("sync", "acme", "-c", f.toString()).exit()).isZero();

    CliTest.Result erase = CliTest.run("erase", "--connection", "acme", "--subject", "1", "-c", f.toString());

    assertThat(erase.err()).isEmpty();
    assertThat(erase.exit()).isZero();
    assertThat(erase.out()).containsPattern("Erased 1 record\\(s\\) of subject [0-9a-f]{16}… from connection acme: items=1\\. Audit row \\d+\\.");
    CliTest.Result again = CliTest.run("erase", "--connection", "acme", "--subject", "1", "-c", f.toString());
    assertThat(again.out()).containsPattern("Erased 0 record\\(s\\) of subject [0-9a-f]{16}… from connection acme\\. Audit row \\d+\\.");
    CliTest.Result retention = CliTest.run("retention", "-c", f.toString());
    assertThat(retention.out()).contains("acme/items: 0 record(s) not seen for PT720H purged");
  }

  @Test
  void rekeyRunsToTheEndUnderTheNewKeyAndAgainIsANoOp() throws Exception {
    Path f = config("""
        personalData: {id: pd-2, secret: file:%s}
        personalDataPrevious:
          - {id: pd-1, secret: file:%s}""".formatted(key("pd2"), key("pd1")), "");
    assertThat(CliTest.run("sync", "acme", "-c", f.toString()).exit()).isZero();

    CliTest.Result r = CliTest.run("rekey", "--batch-size", "10", "-c", f.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("Rekey to key 'pd-2' done: 1 record(s) examined in this run, 0 rewritten in all.");
    assertThat(CliTest.run("rekey", "-c", f.toString()).out())
        .contains("Rekey to key 'pd-2' done: 0 record(s) examined in this run, 0 rewritten in all.");
  }

  @Test
  void eraseWithoutPersonalDataKeysSaysWhatToConfigure() throws Exception {
    Path f = config("{}", "");
    CliTest.Result r = CliTest.run("erase", "--connection", "acme", "--subject", "a@b.example", "-c", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("this runtime has no personal-data keys: configure them with"
        + " Tributary.builder().personalDataKeys(...) (host: keys.personalData)");
  }

  @Test
  void aBadPersonalFieldPathOrRetentionIsAConfigurationError() throws Exception {
    Path f = config("{}", """
        personalFields:
          items:
            "bad path!": CONTACT
        retention:
          items: PT0S""");
    CliTest.Result r = CliTest.run("erase", "--connection", "acme", "--subject", "x", "-c", f.toString());
    assertThat(r.exit()).isEqualTo(TributaryCli.EXIT_CONFIG);
    assertThat(r.err()).contains(f + ": connections.acme.personalFields.items: personal field path 'bad path!' is invalid:"
        + " use dotted field names such as 'properties.email'")
        .contains(f + ": connections.acme.retention.items: PT0S must be positive, e.g. P365D");
  }
}
