package dev.tributary.core.auth;

import dev.tributary.core.http.Sleeper;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.credential.KeyService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class TestSupport {

  private TestSupport() {}

  static Secret randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Secret.of(Base64.getEncoder().encodeToString(k), "test:key");
  }

  static KeyService keys(Secret key) {
    return KeyService.builder().activeKey("k1", key).build();
  }

  /** Records the backoff it was asked for instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
      sleeps.add(d);
    }

    List<Duration> sleeps() {
      return new ArrayList<>(sleeps);
    }
  }
}
