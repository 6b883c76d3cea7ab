package dev.tributary.core.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Remembers what it was given; can be made to fail like a queue whose database is down. */
final class RecordingSink implements WebhookSink {

  final List<VerifiedDelivery> received = new CopyOnWriteArrayList<>();
  final AtomicBoolean failing = new AtomicBoolean();

  @Override
  public void enqueue(VerifiedDelivery delivery) {
    if (failing.get()) {
      throw new IllegalStateException("queue is down (test)");
    }
    received.add(delivery);
  }
}
