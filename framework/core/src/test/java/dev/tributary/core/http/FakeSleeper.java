package dev.tributary.core.http;

import dev.tributary.core.db.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each wait and advances the fake clock by it instead of blocking. */
final class FakeSleeper implements Sleeper {

  private final MutableClock clock;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  FakeSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    sleeps.add(d);
    clock.advance(d);
  }

  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  Duration total() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
