package dev.tributary.core.wiring;

import com.google.inject.Inject;
import dev.tributary.api.connector.Action;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.webhook.WebhookVerifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All the runtime sees of one wired connector: its streams, actions and webhook verifier. This is
 * the only key a connector's private module exposes.
 */
public final class ConnectorComponents {

  private final ConnectorManifest manifest;
  private final Map<String, Stream<?>> streams = new LinkedHashMap<>();
  private final Map<String, Action<?, ?>> actions = new LinkedHashMap<>();
  private final Optional<WebhookVerifier> webhookVerifier;
  private final Map<String, Integer> duplicateStreams = new LinkedHashMap<>();

  @Inject
  ConnectorComponents(ConnectorManifest manifest, Set<Stream<?>> streams, Set<Action<?, ?>> actions,
      Optional<WebhookVerifier> webhookVerifier) {
    this.manifest = manifest;
    for (Stream<?> s : streams) {
      if (this.streams.putIfAbsent(s.spec().name(), s) != null) {
        duplicateStreams.merge(s.spec().name(), 2, (a, b) -> a + 1);
      }
    }
    for (Action<?, ?> a : actions) {
      this.actions.put(a.name(), a);
    }
    this.webhookVerifier = webhookVerifier;
  }

  public ConnectorManifest manifest() {
    return manifest;
  }

  /** Streams by name. */
  public Map<String, Stream<?>> streams() {
    return Map.copyOf(streams);
  }

  /** Actions by name. */
  public Map<String, Action<?, ?>> actions() {
    return Map.copyOf(actions);
  }

  /** The connector's own verifier, if it binds one instead of the framework's. */
  public Optional<WebhookVerifier> webhookVerifier() {
    return webhookVerifier;
  }

  /** Stream names bound by more than one implementation. */
  public Set<String> duplicateStreamNames() {
    return Set.copyOf(duplicateStreams.keySet());
  }
}
