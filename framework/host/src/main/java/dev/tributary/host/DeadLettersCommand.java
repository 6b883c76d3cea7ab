package dev.tributary.host;

import dev.tributary.core.Tributary;
import dev.tributary.core.queue.DeadLetter;
import dev.tributary.core.queue.JobQueue;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tributary dead-letters list|replay}. */
@Command(name = "dead-letters", description = "Jobs that used up their attempts: list and replay them.",
    subcommands = CommandLine.HelpCommand.class)
final class DeadLettersCommand {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(name = "list", description = "Lists dead letters, newest first, with their last error.")
  int list(@Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).") int limit) {
    try (Tributary t = root.runtime()) {
      TributaryCli.Table table = new TributaryCli.Table("ID", "KIND", "CONNECTION", "ATTEMPTS", "FAILED AT", "LAST ERROR");
      for (DeadLetter d : t.queue().deadLetters(limit)) {
        String error = d.lastError().lines().findFirst().orElse("");
        table.row(Long.toString(d.id()), d.kind(), d.connectionId().orElse("-"), Integer.toString(d.attempts()),
            d.failedAt().toString(), error.length() > 120 ? error.substring(0, 117) + "..." : error);
      }
      table.print(spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "replay", description = "Puts dead letters back on the queue with fresh attempts: one by id, or --all.")
  int replay(@Parameters(paramLabel = "ID", arity = "0..1", description = "The dead letter to replay.") Long id,
      @Option(names = "--all", description = "Replay every dead letter.") boolean all,
      @Option(names = "--kind", description = "With --all: only dead letters of this job kind.") String kind) {
    if ((id == null) == !all) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give a dead-letter ID or --all, not both");
    }
    try (Tributary t = root.runtime()) {
      JobQueue queue = t.queue();
      if (all) {
        int n = queue.replayAll(Optional.ofNullable(kind));
        spec.commandLine().getOut().println("Replayed " + n + " dead letters; workers will run them.");
      } else {
        if (queue.deadLetter(id).isEmpty()) {
          throw new IllegalArgumentException("no dead letter " + id + "; see 'tributary dead-letters list'");
        }
        JobQueue.Enqueued job = queue.replay(id);
        spec.commandLine().getOut().println("Dead letter " + id + " replayed as job " + job.jobId() + "; workers will run it.");
      }
      return 0;
    }
  }
}
