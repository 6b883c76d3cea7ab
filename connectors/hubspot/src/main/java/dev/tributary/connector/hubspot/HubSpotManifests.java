package dev.tributary.connector.hubspot;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.connector.WebhookScheme;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two HubSpot manifests: identical but for id and auth scheme. */
final class HubSpotManifests {

  static final String VERSION = "1.0.0";
  static final URI AUTHORIZE_URL = URI.create("https://app.hubspot.com/oauth/authorize");
  static final URI TOKEN_URL = URI.create("https://api.hubapi.com/oauth/v1/token");

  static final ConnectorManifest OAUTH = manifest("hubspot", oauth());
  static final ConnectorManifest PRIVATE_APP = manifest("hubspot-private-app", AuthScheme.bearer());

  private HubSpotManifests() {}

  /**
   * HubSpot's refresh grant takes no {@code scope}: the refreshed token keeps the scopes the
   * portal granted at install, so the framework is told not to send one.
   */
  private static AuthScheme oauth() {
    AuthScheme base = AuthScheme.oauth2RefreshToken(AUTHORIZE_URL, TOKEN_URL);
    Map<String, String> params = new LinkedHashMap<>(base.params());
    params.put("scopeOnRefresh", "false");
    return new AuthScheme(base.type(), params);
  }

  private static ConnectorManifest manifest(String id, AuthScheme auth) {
    return ConnectorManifest.builder(id, VERSION)
        .baseUrl(URI.create("https://api.hubapi.com"))
        .egressHosts("api.hubapi.com")
        .auth(auth)
        .requiredScopes("crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read")
        .optionalScopes("crm.objects.contacts.write")
        .stream(ContactsStream.SPEC)
        .stream(CompaniesStream.SPEC)
        .stream(DealsStream.SPEC)
        // Private apps get 100 requests per rolling 10 s (more on Professional/Enterprise);
        // staying under the lowest tier keeps every portal clear of TEN_SECONDLY_ROLLING 429s.
        .rateLimit(RateLimit.of(100, Duration.ofSeconds(10)))
        .webhook(WebhookScheme.of(WebhookScheme.HUBSPOT_V3, null))
        .supportUrl(URI.create("https://help.hubspot.com"))
        .build();
  }
}
