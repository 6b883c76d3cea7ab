package dev.tributary.host;

import dev.tributary.api.stream.Cursor;
import dev.tributary.core.Tributary;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tributary cursor show|reset <connection> <stream>}. */
@Command(name = "cursor", description = "Shows or resets a stream's cursor.", subcommands = CommandLine.HelpCommand.class)
final class CursorCommand {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(name = "show", description = "Prints where the next incremental sync of a stream starts.")
  int show(@Parameters(paramLabel = "CONNECTION") String connection, @Parameters(paramLabel = "STREAM") String stream) {
    try (Tributary t = root.runtime()) {
      t.stream(connection, stream);
      PrintWriter out = spec.commandLine().getOut();
      out.println(t.cursors().load(connection, stream).map(Cursor::value)
          .map(v -> v.isEmpty() ? "(start)" : v).orElse("(none: the next sync is a full one)"));
      return 0;
    }
  }

  @Command(name = "reset", description = "Forgets a stream's cursor: its next sync reads everything again.")
  int reset(@Parameters(paramLabel = "CONNECTION") String connection, @Parameters(paramLabel = "STREAM") String stream) {
    try (Tributary t = root.runtime()) {
      t.stream(connection, stream);
      t.cursors().reset(connection, stream);
      spec.commandLine().getOut().println("Cursor of " + connection + "/" + stream + " reset: the next sync is a full one.");
      return 0;
    }
  }
}
