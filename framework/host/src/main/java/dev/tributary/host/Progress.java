package dev.tributary.host;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress of long work: a bar redrawn in place on a terminal, plain lines (at most one every few
 * seconds) when output goes to a file or a CI log, where carriage returns would make a mess.
 */
final class Progress {

  private final PrintWriter out;
  private final boolean terminal;
  private final String label;
  private long lastLine;

  Progress(PrintWriter out, boolean terminal, String label) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
  }

  /** True when standard output is an interactive terminal. */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // JDK 22+ returns a Console even when output is redirected and says so through isTerminal();
    // it is not in the Java 21 API this module compiles against.
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  void update(long done, long total, Duration elapsed, String detail) {
    double fraction = total <= 0 ? 0 : Math.min(1.0, done / (double) total);
    String eta = done <= 0 || fraction >= 1 ? "" : " ETA " + format(Duration.ofMillis((long) (elapsed.toMillis() / fraction - elapsed.toMillis())));
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
          + String.format("%,d/%,d", done, total) + " " + format(elapsed) + eta + "  " + detail + "   ");
      out.flush();
    } else if (elapsed.toMillis() - lastLine >= 3000 || fraction >= 1) {
      lastLine = elapsed.toMillis();
      out.println(label + ": " + String.format("%,d/%,d records (%d%%)", done, total, Math.round(fraction * 100))
          + " after " + format(elapsed) + eta + (detail.isEmpty() ? "" : ", " + detail));
    }
  }

  void finish() {
    if (terminal) {
      out.println();
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
