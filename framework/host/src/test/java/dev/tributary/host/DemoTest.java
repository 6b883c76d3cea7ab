package dev.tributary.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, end to end, at a small size: through the queue, into H2, twice. */
@DisplayName("The demo")
class DemoTest {

  @TempDir Path dir;

  @Test
  void syncsEverySandboxRecordThroughTheQueueAndASecondRunWritesNothing() {
    Path data = dir.resolve("demo");

    CliTest.Result first = CliTest.run("demo", "--exit", "--size", "small", "--data", data.toString());
    assertThat(first.err()).doesNotContain("MISMATCH", "dead-lettered");
    assertThat(first.exit()).isZero();
    assertThat(first.out())
        .containsPattern("github +issues +225 +225 +225 ")
        .containsPattern("github +pull_requests +25 +25 +25 ")
        .containsPattern("stripe +customers +230 +230 +230 ")
        .containsPattern("hubspot +contacts +210 +210 +210 ")
        .contains("Total: 1,002 records written")
        .doesNotContain("MISMATCH");

    CliTest.Result second = CliTest.run("demo", "--exit", "--size", "small", "--data", data.toString());
    assertThat(second.exit()).isZero();
    assertThat(second.out())
        .containsPattern("github +issues +225 +225 +0 ")
        .containsPattern("hubspot +deals +40 +40 +0 ")
        .contains("Total: 0 records written")
        .contains("(incremental: nothing changed at the vendors)");
  }

  @Test
  void aRelativeDataDirectoryWorksAsTheReadmeDefaultDoes() throws Exception {
    // The README runs the demo with its default, relative --data; secret references must still be absolute.
    Path relative = Path.of("target", "demo-relative-" + System.nanoTime());
    try {
      CliTest.Result r = CliTest.run("demo", "--exit", "--size", "small", "--data", relative.toString());
      assertThat(r.err()).doesNotContain("not an absolute path");
      assertThat(r.exit()).isZero();
    } finally {
      try (var files = java.nio.file.Files.walk(relative)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void anUnknownSizeIsAUsageError() {
    CliTest.Result r = CliTest.run("demo", "--exit", "--size", "huge", "--data", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--size must be 'default' or 'small', was 'huge'");
  }
}
