package dev.tributary.core.archfixture;

/** Violation: a core class depending on the testkit. */
public final class CoreLeak {
  public Class<?> leak() {
    return dev.tributary.testkit.arch.ArchitectureRules.class;
  }
}
