package dev.tributary.host;

import dev.tributary.core.Tributary;
import dev.tributary.core.queue.WorkerPool;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tributary worker}: queue workers in this process. Any number of worker processes on any
 * number of machines may share one PostgreSQL database; each job runs once at a time under a lease.
 */
@Command(name = "worker", description = "Runs queue workers (sync and action jobs) until Ctrl-C, or until the queue is empty with --drain.")
final class WorkerCommand implements Callable<Integer> {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--threads", defaultValue = "4", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--drain", description = "Run the jobs that are due, then exit.")
  boolean drain;

  @Override
  public Integer call() throws Exception {
    if (threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, was " + threads);
    }
    try (Tributary t = root.runtime(); WorkerPool pool = t.workers().threads(threads).build()) {
      if (drain) {
        int ran = pool.drain();
        var stats = t.queue().stats();
        spec.commandLine().getOut().println("Ran " + ran + " jobs; " + stats.ready() + " queued, "
            + stats.deadLetters() + " dead letters.");
        return 0;
      }
      pool.start();
      spec.commandLine().getOut().println("Workers running (" + threads + " threads); Ctrl-C stops them after their current jobs.");
      spec.commandLine().getOut().flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "tributary-worker-shutdown"));
      stop.await();
      return 0;
    }
  }
}
