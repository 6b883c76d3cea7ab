package dev.tributary.host;

import dev.tributary.api.stream.Cursor;
import dev.tributary.core.Tributary;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tributary backfill <connection> --stream S [--from CURSOR]}: reads a stream again from a
 * given point (or the start), run after run until done. Each run is bounded by the sync budget and
 * commits page by page, so an interrupted backfill resumes where it stopped when run again with
 * {@code --resume}.
 */
@Command(name = "backfill", description = "Re-reads a stream from a given cursor (or the start), with progress; resumable.")
final class BackfillCommand implements Callable<Integer> {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "CONNECTION") String connection;

  @Option(names = {"-s", "--stream"}, required = true, paramLabel = "STREAM") String stream;

  @Option(names = "--from", paramLabel = "CURSOR", description = "The cursor to start from (default: the start).")
  String from;

  @Option(names = "--resume", description = "Continue from the stream's stored cursor (after an interrupted backfill).")
  boolean resume;

  @Override
  public Integer call() {
    if (resume && from != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --from or --resume, not both");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Tributary t = root.runtime()) {
      t.stream(connection, stream);
      Instant started = Instant.now();
      SyncStart start = resume ? SyncStart.incremental() : from == null ? SyncStart.full() : SyncStart.from(Cursor.of(from));
      long pages = 0;
      long written = 0;
      long seen = 0;
      while (true) {
        SyncResult r = t.sync(connection, stream, start);
        pages += r.pages();
        written += r.written();
        seen += r.records();
        out.println(String.format("backfill %s/%s: %,d pages, %,d records read, %,d written after %s%s", connection, stream,
            pages, seen, written, Progress.format(Duration.between(started, Instant.now())),
            r.cursor().map(c -> " (at " + (c.value().length() > 40 ? c.value().substring(0, 40) + "..." : c.value()) + ")").orElse("")));
        out.flush();
        if (r.error().isPresent()) {
          spec.commandLine().getErr().println("tributary: backfill stopped: " + r.error().get().getMessage()
              + ". Fix the cause and run it again with --resume.");
          return 1;
        }
        if (r.stoppedBecause() != SyncResult.StopReason.BUDGET) {
          return 0;
        }
        start = SyncStart.incremental(); // the budget ran out between pages: continue from the stored cursor
      }
    }
  }
}
