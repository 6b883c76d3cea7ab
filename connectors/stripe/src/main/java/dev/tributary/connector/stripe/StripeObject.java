package dev.tributary.connector.stripe;

/**
 * What the Stripe streams need of an object. Stripe objects carry no last-modified time, so an
 * object's version is its {@code created} when listed, and the event's {@code created} when it came
 * from an event (a change is always newer than the creation it changes).
 */
interface StripeObject<T extends StripeObject<T>> {

  String id();

  Long created();

  /** The time of the event this copy came from, or null for a listed object. */
  Long eventCreated();

  /** True when this copy came from a {@code *.deleted} event. */
  boolean eventDeleted();

  /** This object as an event of {@code created} reported it. */
  T fromEvent(long created, boolean deleted);
}
