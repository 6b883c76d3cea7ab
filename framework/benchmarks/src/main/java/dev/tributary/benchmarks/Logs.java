package dev.tributary.benchmarks;

/** Points logback at the benchmarks' own configuration before the first logger exists. */
public final class Logs {

  private Logs() {}

  /**
   * Uses {@code benchmarks-logback.xml} (framework loggers at INFO, to a file) unless the caller
   * chose a configuration: other modules' test configurations on a development class path must not
   * decide what a benchmark pays for logging.
   */
  public static void init() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "benchmarks-logback.xml");
    }
  }
}
