package dev.tributary.connector.hubspot;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.VendorClients;

/** The HubSpot connector's bindings, shared by both auth variants. */
final class HubSpotModule extends ConnectorModule {

  @Override
  protected void configureConnector() {
    stream(ContactsStream.class);
    stream(CompaniesStream.class);
    stream(DealsStream.class);
    action(UpsertContactsAction.class);
  }

  @Provides
  @Singleton
  HubSpotApi api(VendorClients clients) {
    return clients.create(HubSpotApi.class);
  }
}
