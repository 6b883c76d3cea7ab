package dev.tributary.core.config;

import java.util.List;

/**
 * The runtime refused to start. Like Guice's {@code CreationException}, it reports every problem
 * found, not just the first, so one restart fixes them all.
 */
public final class TributaryConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public TributaryConfigurationException(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found. */
  public List<Problem> problems() {
    return problems;
  }

  private static String format(List<Problem> problems) {
    StringBuilder sb = new StringBuilder("Tributary cannot start: ")
        .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    int i = 1;
    for (Problem p : problems) {
      sb.append(System.lineSeparator()).append(System.lineSeparator()).append(i++).append(") ").append(p);
    }
    return sb.toString();
  }
}
