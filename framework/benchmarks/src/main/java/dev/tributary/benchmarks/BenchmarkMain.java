package dev.tributary.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link VendorCallBenchmark} and prints the pipeline / raw ratio. Takes JMH's usual
 * options, e.g. {@code -f 1 -wi 2 -i 3} for a quick look; the defaults warm up longer because the
 * pipeline has much more code to compile than the raw call. Build and run from the repository root
 * (one invocation, so the classpath points at this checkout's jars, not a stale local snapshot):
 *
 * <pre>
 * ./mvnw -q -pl framework/benchmarks -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/bench-cp.txt -Dmdep.includeScope=runtime
 * java -cp framework/benchmarks/target/classes:$(cat /tmp/bench-cp.txt) \
 *     dev.tributary.benchmarks.BenchmarkMain -prof gc
 * </pre>
 *
 * <p>Use a quiet machine: on a loaded one the error bars exceed the difference being measured.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    var options = new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .include(VendorCallBenchmark.class.getSimpleName())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    double pipeline = score(results, "pipeline");
    double raw = score(results, "raw");
    System.out.printf("pipeline %.1f us/call, raw %.1f us/call, ratio %.3fx (goal <= 1.10x)%n",
        pipeline, raw, pipeline / raw);
  }

  private static double score(Collection<RunResult> results, String method) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + method))
        .getPrimaryResult().getScore();
  }
}
