package dev.tributary.connector.stripe;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.VendorClients;

/** The Stripe connector's bindings. */
final class StripeModule extends ConnectorModule {

  @Override
  protected void configureConnector() {
    stream(CustomersStream.class);
    stream(ChargesStream.class);
    stream(InvoicesStream.class);
    action(UpsertCustomerAction.class);
  }

  @Provides
  @Singleton
  StripeApi api(VendorClients clients) {
    return clients.create(StripeApi.class);
  }
}
