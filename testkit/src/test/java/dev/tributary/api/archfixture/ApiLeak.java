package dev.tributary.api.archfixture;

/** Violation: an api class depending on core. */
public final class ApiLeak {
  public Object leak() {
    return dev.tributary.core.Tributary.builder();
  }
}
