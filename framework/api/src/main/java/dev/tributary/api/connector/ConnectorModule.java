package dev.tributary.api.connector;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.webhook.WebhookVerifier;

/**
 * The base of a connector's Guice module. The runtime installs it in a private module of the
 * connector's own, so any binding here is invisible outside the connector; only what is registered
 * with {@link #stream}, {@link #action} and {@link #webhookVerifier} reaches the runtime.
 *
 * <pre>{@code
 * final class HubSpotModule extends ConnectorModule {
 *   @Override protected void configureConnector() {
 *     stream(ContactsStream.class);
 *     action(UpsertContactsAction.class);
 *   }
 *   @Provides @Singleton HubSpotApi api(VendorClients clients) {
 *     return clients.create(HubSpotApi.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Streams and actions are singletons shared by every connection of the connector.
 *
 * @since 1.0
 */
public abstract class ConnectorModule extends AbstractModule {

  /** The multibinding key the runtime reads streams from. */
  public static final TypeLiteral<Stream<?>> STREAM_TYPE = new TypeLiteral<>() {};

  /** The multibinding key the runtime reads actions from. */
  public static final TypeLiteral<Action<?, ?>> ACTION_TYPE = new TypeLiteral<>() {};

  @Override
  protected final void configure() {
    // Declared even when empty, so a connector without actions still wires.
    Multibinder.newSetBinder(binder(), STREAM_TYPE);
    Multibinder.newSetBinder(binder(), ACTION_TYPE);
    OptionalBinder.newOptionalBinder(binder(), WebhookVerifier.class);
    configureConnector();
  }

  /** Registers this connector's streams, actions and bindings. */
  protected abstract void configureConnector();

  /** Registers a stream implementation as a singleton. */
  protected final void stream(Class<? extends Stream<?>> type) {
    bind(type).in(Singleton.class);
    Multibinder.newSetBinder(binder(), STREAM_TYPE).addBinding().to(type);
  }

  /** Registers an action implementation as a singleton. */
  protected final void action(Class<? extends Action<?, ?>> type) {
    bind(type).in(Singleton.class);
    Multibinder.newSetBinder(binder(), ACTION_TYPE).addBinding().to(type);
  }

  /** Replaces the framework's verifier for the manifest's webhook scheme. */
  protected final void webhookVerifier(Class<? extends WebhookVerifier> type) {
    OptionalBinder.newOptionalBinder(binder(), WebhookVerifier.class).setBinding().to(type).in(Singleton.class);
  }
}
