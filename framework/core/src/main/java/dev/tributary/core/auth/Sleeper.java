package dev.tributary.core.auth;

import java.time.Duration;

/** Waits between retries; tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = d -> Thread.sleep(d);

  void sleep(Duration duration) throws InterruptedException;
}
