package dev.tributary.host;

import dev.tributary.api.credential.SecretRef;
import dev.tributary.core.Tributary;
import dev.tributary.core.auth.TokenManager;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.store.ConnectionStatusStore;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tributary token status|reauthorize}. */
@Command(name = "token", description = "Connection credentials: status and re-authorisation.",
    subcommands = CommandLine.HelpCommand.class)
final class TokenCommand {

  @ParentCommand TributaryCli root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(name = "status", description = "Whether each connection may work, and why not.")
  int status() {
    try (Tributary t = root.runtime()) {
      TributaryCli.Table table = new TributaryCli.Table("CONNECTION", "AUTH", "STATUS", "SINCE", "REASON");
      for (ConnectionConfig c : t.connections().values()) {
        ConnectionStatusStore.Entry e = t.connectionStatus().get(c.id());
        table.row(c.id(), t.connectors().get(c.connectorId()).manifest().auth().type(), e.status().name(),
            e.since().equals(java.time.Instant.EPOCH) ? "-" : e.since().toString(), e.reason().orElse("-"));
      }
      table.print(spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "reauthorize", description = "Clears NEEDS_REAUTH after an operator fixed the grant; "
      + "optionally stores a new refresh token.")
  int reauthorize(@Parameters(paramLabel = "CONNECTION") String connection,
      @Option(names = "--refresh-token", paramLabel = "REF",
          description = "A secret reference (env:NAME, file:/path) to the new refresh token.") String refreshTokenRef) {
    try (Tributary t = root.runtime()) {
      t.connection(connection);
      if (!(t.authenticator(connection) instanceof TokenManager tm)) {
        if (refreshTokenRef != null) {
          throw new IllegalArgumentException("connection '" + connection + "' uses a static credential; "
              + "--refresh-token applies to OAuth2 connections only. Rotate its secret where the reference points");
        }
        t.connectionStatus().set(connection, ConnectionStatusStore.Status.OK, "re-authorised by an operator");
      } else {
        tm.reauthorized(Optional.ofNullable(refreshTokenRef)
            .map(ref -> CredentialProviders.loadDefault().resolve(SecretRef.parse(ref), connection)));
      }
      spec.commandLine().getOut().println("Connection " + connection + " re-authorised: its held work resumes.");
      return 0;
    }
  }
}
