package dev.tributary.core.health;

/** A component's health, worst last. */
public enum Colour {
  GREEN, AMBER, RED;

  /** The worse of the two. */
  public Colour worst(Colour other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
