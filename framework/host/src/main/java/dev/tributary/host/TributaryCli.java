package dev.tributary.host;

import dev.tributary.core.Tributary;
import dev.tributary.core.config.TributaryConfigurationException;
import dev.tributary.core.discovery.InstalledConnector;
import dev.tributary.core.credential.CredentialProviders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The {@code tributary} command. Exit codes: 0 success, 1 the work failed, 2 usage error,
 * 78 invalid configuration (sysexits' EX_CONFIG).
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, versionProvider = TributaryCli.Version.class,
    description = "Runs Tributary connectors: syncs vendor APIs into your database.",
    subcommands = {TributaryCli.Connectors.class, TributaryCli.Connections.class, SyncCommand.class,
        CursorCommand.class, TokenCommand.class, DemoCommand.class, AuthorizeCommand.class, ServeCommand.class,
        WorkerCommand.class, DeadLettersCommand.class, BackfillCommand.class, PrivacyCommands.Erase.class,
        PrivacyCommands.Rekey.class, PrivacyCommands.Retention.class, CommandLine.HelpCommand.class})
public final class TributaryCli {

  /** Exit code for invalid configuration. */
  public static final int EXIT_CONFIG = 78;

  @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "tributary.yaml", scope = CommandLine.ScopeType.INHERIT)
  Path config;

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code, for embedding and tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TributaryCli());
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException || e instanceof TributaryConfigurationException
          || e instanceof dev.tributary.core.credential.UnresolvableSecretException) {
        err.println(e.getMessage());
        return EXIT_CONFIG;
      }
      if (e instanceof IllegalArgumentException) {
        err.println("tributary: " + e.getMessage());
        return 1;
      }
      err.println("tributary: " + cmd.getCommandName() + " failed: " + e);
      return 1;
    });
    return cli.execute(args);
  }

  ConfigLoader.Loaded loadConfig() {
    boolean explicit = spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--config");
    return new ConfigLoader().load(config, explicit || !config.equals(Path.of("tributary.yaml")));
  }

  /** The runtime without a database: for commands that only look at connectors and connections. */
  Tributary runtimeWithoutDatabase() {
    return Tributary.builder().connections(loadConfig().connections()).build();
  }

  /** The full runtime: database, keys, connections. */
  Tributary runtime() {
    return HostRuntime.open(loadConfig(), CredentialProviders.loadDefault());
  }

  /** {@code tributary connectors list}. */
  @Command(name = "connectors", description = "Installed connectors.", subcommands = CommandLine.HelpCommand.class)
  static final class Connectors {
    @ParentCommand TributaryCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "Lists the connectors found on the class path.")
    int list() {
      try (Tributary t = Tributary.builder().build()) {
        PrintWriter out = spec.commandLine().getOut();
        Table table = new Table("ID", "VERSION", "SPI", "AUTH", "STREAMS", "EGRESS HOSTS");
        for (InstalledConnector c : t.connectors().values()) {
          var m = c.manifest();
          table.row(m.id(), m.version(), m.builtAgainst().toString(), m.auth().type(),
              m.streams().stream().map(s -> s.name()).collect(Collectors.joining(",")),
              m.egressHosts().stream().sorted().collect(Collectors.joining(",")));
        }
        table.print(out);
        if (t.connectors().isEmpty()) {
          out.println("No connectors found. Put connector jars on the class path.");
        }
      }
      return 0;
    }
  }

  /** {@code tributary connections list}. */
  @Command(name = "connections", description = "Configured connections.", subcommands = CommandLine.HelpCommand.class)
  static final class Connections {
    @ParentCommand TributaryCli root;
    @Spec CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "Lists the connections in the configuration file.")
    int list() {
      try (Tributary t = root.runtimeWithoutDatabase()) {
        PrintWriter out = spec.commandLine().getOut();
        Table table = new Table("ID", "CONNECTOR", "BASE URL", "SCHEDULE", "ENABLED");
        t.connections().values().forEach(c -> table.row(c.id(), c.connectorId(),
            c.effectiveBaseUrl(t.connectors().get(c.connectorId()).manifest()).toString(),
            c.schedule().orElse("-"), String.valueOf(c.enabled())));
        table.print(out);
      }
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TributaryCli.class.getPackage().getImplementationVersion();
      return new String[] {"tributary " + (v == null ? "development build" : v)};
    }
  }

  /** A plain text table: aligned columns, no borders, easy to grep. */
  static final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new java.util.ArrayList<>();

    Table(String... header) {
      this.header = List.of(header);
    }

    void row(String... cells) {
      rows.add(List.of(cells));
    }

    void print(PrintWriter out) {
      int[] width = new int[header.size()];
      for (int i = 0; i < width.length; i++) {
        width[i] = header.get(i).length();
        for (List<String> r : rows) {
          width[i] = Math.max(width[i], r.get(i).length());
        }
      }
      print(out, header, width);
      rows.forEach(r -> print(out, r, width));
      out.flush();
    }

    private static void print(PrintWriter out, List<String> cells, int[] width) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cells.size(); i++) {
        sb.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + (width[i] + 2) + "s", cells.get(i)));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
