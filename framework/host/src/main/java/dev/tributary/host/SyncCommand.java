package dev.tributary.host;

import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tributary sync <connection> [--stream S] [--full]}: one run per stream, in this process. */
@Command(name = "sync", description = "Syncs a connection's streams now, in this process.")
final class SyncCommand implements Callable<Integer> {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection to sync.")
  String connection;

  @Option(names = {"-s", "--stream"}, paramLabel = "STREAM", description = "Only this stream (default: all).")
  String stream;

  @Option(names = "--full", description = "Reset the cursor and read everything again (unchanged records are not rewritten).")
  boolean full;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Tributary t = root.runtime()) {
      ConnectionConfig c = t.connection(connection);
      List<String> streams = stream != null ? List.of(t.stream(connection, stream).spec().name())
          : t.connectors().get(c.connectorId()).manifest().streams().stream().map(StreamSpec::name).toList();
      TributaryCli.Table table = new TributaryCli.Table("STREAM", "OUTCOME", "PAGES", "WRITTEN", "UNCHANGED", "STALE", "DRIFT", "SECONDS");
      boolean failed = false;
      for (String s : streams) {
        SyncResult r = t.sync(connection, s, full ? SyncStart.full() : SyncStart.incremental());
        table.row(s, r.stoppedBecause().name(), Integer.toString(r.pages()), Long.toString(r.written()),
            Long.toString(r.unchanged()), Long.toString(r.stale()), Integer.toString(r.driftWarnings()),
            String.format("%.1f", r.elapsed().toMillis() / 1000.0));
        if (r.error().isPresent()) {
          failed = true;
          spec.commandLine().getErr().println("tributary: " + connection + "/" + s + ": " + r.error().get().getMessage());
        }
      }
      table.print(out);
      return failed ? 1 : 0;
    }
  }
}
