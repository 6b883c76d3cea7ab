package dev.tributary.host;

import dev.tributary.core.Tributary;
import dev.tributary.core.privacy.ErasureReport;
import dev.tributary.core.privacy.PersonalDataService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tributary erase}, {@code tributary rekey} and {@code tributary retention}: personal data operations. */
final class PrivacyCommands {

  private PrivacyCommands() {}

  @Command(name = "erase", description = {"Deletes every stored record of one subject (an email address or an external id)",
      "across a connection's streams, and writes an audit row holding only the subject's keyed hash and counts."})
  static final class Erase implements java.util.concurrent.Callable<Integer> {
    @ParentCommand TributaryCli root;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--connection", required = true, paramLabel = "CONNECTION", description = "The connection to erase from.")
    String connection;

    @Option(names = "--subject", required = true, paramLabel = "SUBJECT",
        description = "An email address (compared without case) or an external id.")
    String subject;

    @Override
    public Integer call() {
      try (Tributary t = root.runtime()) {
        t.connection(connection);
        ErasureReport r = t.personalData().erase(connection, subject);
        PrintWriter out = spec.commandLine().getOut();
        // The subject is not echoed: the output may end up in a ticket or a log.
        out.println("Erased " + r.removed() + " record(s) of subject " + r.subjectHash().substring(0, 16)
            + "… from connection " + connection + (r.removed() == 0 ? "" : ": " + r.removedByStream().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
            + ". Audit row " + r.auditId() + ".");
        if (r.removed() > 0) {
          out.println("Erase the subject at the vendor too, or the next sync brings the records back.");
        }
        return 0;
      }
    }
  }

  @Command(name = "rekey", description = {"Re-encrypts stored personal data under the active key of keys.personalData,",
      "in batches, resuming where an interrupted run stopped. Afterwards keys.personalDataPrevious can be removed."})
  static final class Rekey implements java.util.concurrent.Callable<Integer> {
    @ParentCommand TributaryCli root;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch-size", defaultValue = "500", paramLabel = "N", description = "Rows per transaction (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
      try (Tributary t = root.runtime()) {
        PersonalDataService.RekeyResult r = t.personalData().rekey(batchSize);
        spec.commandLine().getOut().println("Rekey to key '" + r.keyId() + "' done: " + r.examined()
            + " record(s) examined in this run, " + r.rewritten() + " rewritten in all.");
        return 0;
      }
    }
  }

  @Command(name = "retention", description = "Purges, now, the records of every stream with a retention period (connections.<id>.retention).")
  static final class Retention implements java.util.concurrent.Callable<Integer> {
    @ParentCommand TributaryCli root;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ConfigLoader.Loaded config = root.loadConfig();
      try (Tributary t = root.runtime()) {
        PrintWriter out = spec.commandLine().getOut();
        int streams = 0;
        for (Map.Entry<String, HostConfig.Connection> c : config.raw().connections().entrySet()) {
          for (Map.Entry<String, Duration> r : c.getValue().retention().entrySet()) {
            t.stream(c.getKey(), r.getKey());
            int purged = t.personalData().purgeExpired(c.getKey(), r.getKey(), r.getValue());
            out.println(c.getKey() + "/" + r.getKey() + ": " + purged + " record(s) not seen for " + r.getValue() + " purged");
            streams++;
          }
        }
        if (streams == 0) {
          out.println("No retention periods configured: add connections.<id>.retention.<stream>: P365D");
        }
        return 0;
      }
    }
  }
}
