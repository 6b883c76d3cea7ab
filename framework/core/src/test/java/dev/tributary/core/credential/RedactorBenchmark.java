package dev.tributary.core.credential;

import java.util.Locale;
import java.util.UUID;

/**
 * Throughput of {@link Redactor#redact} on typical log lines with a full registry (50 configured
 * secrets, {@value SecretRegistry#MAX_ISSUED} issued tokens). A main()-driven harness, not a test:
 * {@code java -cp target/test-classes:target/classes:<deps> dev.tributary.core.credential.RedactorBenchmark}.
 */
public final class RedactorBenchmark {

  public static void main(String[] args) {
    for (int i = 0; i < 50; i++) {
      SecretRegistry.registerValue("configured-secret-" + i + "-" + UUID.randomUUID());
    }
    for (int i = 0; i < SecretRegistry.MAX_ISSUED; i++) {
      SecretRegistry.registerIssued("tok" + UUID.randomUUID().toString().replace("-", ""));
    }
    String[] lines = {
        "2026-11-26 12:00:00 INFO  [worker-3] [corr 4bf92f] d.t.core.sync.SyncEngine - connection 'acme-hubspot' synced 100 contacts in 532 ms",
        "2026-11-26 12:00:01 DEBUG [worker-1] feign - POST /crm/v3/objects/contacts/batch/upsert body={\"inputs\":[{\"id\":\"1\",\"properties\":{\"email\":\"a@b.c\"}}]}",
        "2026-11-26 12:00:02 WARN  [worker-2] d.t.core.http - GET /repos/acme/widget/issues -> 503, retrying in 400 ms (attempt 2 of 4)",
    };
    int rounds = 200_000;
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        sink += Redactor.redact(lines[i % lines.length]).length();
      }
      long ns = System.nanoTime() - t0;
      if (warm == 1) {
        System.out.printf(Locale.ROOT, "redact: %.2f us per line (%d lines, registry %d values) [%d]%n",
            ns / 1000.0 / rounds, rounds, SecretRegistry.size(), sink % 10);
      }
    }
  }
}
