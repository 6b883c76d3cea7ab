package dev.tributary.connector.hubspot;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.Cursor;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The HubSpot connector: listings, searches and tokens")
class HubSpotSyncTest {

  static final String PRIVATE_APP_TOKEN = "pat-na1-fictitious0-0000-4000-8000-000000000001";

  static GoldenVendor privateApp(String stream) {
    return new GoldenVendor(new HubSpotPrivateAppConnectorProvider(), stream, Map.of("HUBSPOT_TOKEN", PRIVATE_APP_TOKEN),
        (c, url) -> c.secret("token", "env:HUBSPOT_TOKEN"));
  }

  static String sample(String name) throws IOException {
    try (InputStream in = HubSpotSyncTest.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String contact(String id, String email, String lifecycle, String updatedAt) {
    return """
        {"id":"%1$s","properties":{"createdate":"2026-01-12T09:15:22.481Z","email":"%2$s","firstname":"Ana",
         "hs_object_id":"%1$s","lastmodifieddate":"%4$s","lastname":"Lima","lifecyclestage":"%3$s",
         "hs_analytics_source":"DIRECT_TRAFFIC"},"createdAt":"2026-01-12T09:15:22.481Z","updatedAt":"%4$s","archived":false}"""
        .formatted(id, email, lifecycle, updatedAt);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"contacts", "companies", "deals"})
  void aFullSyncListsByPagingNextAfterAndYieldsTheGoldenRecords(String stream) throws Exception {
    try (GoldenVendor v = privateApp(stream)) {
      SyncResult r = v.runtime.sync("acme", stream, SyncStart.full()).orThrow();

      assertThat(r.pages()).isEqualTo(2);
      assertThat(r.driftWarnings()).isZero();
      v.assertStoredRecordsMatchGolden(stream, stream);
      v.server.verify(2, getRequestedFor(urlPathEqualTo("/crm/v3/objects/" + stream))
          .withHeader("Authorization", equalTo("Bearer " + PRIVATE_APP_TOKEN)));
    }
  }

  @Test
  void theFullSyncEndsWithTheNewestModificationAsTheSearchStart() {
    try (GoldenVendor v = privateApp("contacts")) {
      SyncResult r = v.runtime.sync("acme", "contacts", SyncStart.full()).orThrow();

      // 2026-03-10T13:58:31.640Z, contact 3101 on page 2
      assertThat(r.cursor().orElseThrow().value()).isEqualTo("{\"since\":1773151111640}");
    }
  }

  @Test
  void theSecondRunSearchesModifiedSinceAndWritesOnlyTheChangedContact() throws Exception {
    try (GoldenVendor v = privateApp("contacts")) {
      v.runtime.sync("acme", "contacts", SyncStart.full()).orThrow();
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
          .withRequestBody(equalToJson("""
              {"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"1773151111640"}]}],
               "sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],
               "properties":["email","firstname","lastname","lifecyclestage","hs_analytics_source","createdate","lastmodifieddate"],
               "limit":200}"""))
          .willReturn(aResponse().withHeader("Content-Type", "application/json;charset=utf-8").withBody("""
              {"total":2,"results":[%s,
               {"id":"3101","properties":{"createdate":"2026-02-02T14:45:09.777Z","email":"carla.mendes@example.net","firstname":"Carla",
                 "hs_object_id":"3101","lastmodifieddate":"2026-03-10T13:58:31.640Z","lastname":"Mendes","lifecyclestage":"opportunity",
                 "hs_analytics_source":null},"createdAt":"2026-02-02T14:45:09.777Z","updatedAt":"2026-03-10T13:58:31.640Z","archived":false}]}"""
              .formatted(contact("3051", "ana.lima@example.org", "customer", "2026-03-10T14:05:08.733Z")))));

      SyncResult second = v.runtime.sync("acme", "contacts", SyncStart.incremental()).orThrow();

      assertThat(second.written()).isEqualTo(1);
      assertThat(second.unchanged()).isEqualTo(1);
      assertThat(v.runtime.records().find("acme", "contacts", "3051").orElseThrow().payloadJson())
          .contains("\"email\":\"ana.lima@example.org\"");
      assertThat(second.cursor().orElseThrow().value()).isEqualTo("{\"since\":1773151508733}");
    }
  }

  @Test
  void aSearchThatReachesTheTenThousandResultCapStartsANewWindowFromTheLastModification() throws Exception {
    try (GoldenVendor v = privateApp("contacts")) {
      // A run deep into a search from 2026-03-01: the page at offset 9800 says the next is 10000,
      // which HubSpot would refuse. The connector must query again from the last modification seen.
      long since = 1772323200000L;
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
          .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo(Long.toString(since))))
          .withRequestBody(matchingJsonPath("$.after", equalTo("9800")))
          .willReturn(aResponse().withHeader("Content-Type", "application/json;charset=utf-8").withBody("""
              {"total":12450,"results":[%s,%s],"paging":{"next":{"after":"10000"}}}"""
              .formatted(contact("4100", "f.silva@example.com", "lead", "2026-03-07T10:00:00.000Z"),
                  contact("4101", "g.souza@example.com", "lead", "2026-03-07T10:00:01.250Z")))));
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
          .withRequestBody(matchingJsonPath("$.after", equalTo("10000")))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json;charset=utf-8").withBody("""
              {"status":"error","message":"There was a problem with the request.","correlationId":"5c3e1a2b-7d4f-4e6a-9b8c-0d1e2f3a4b5c","category":"VALIDATION_ERROR"}""")));
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
          .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo("1772877601250")))
          .withRequestBody(matchingJsonPath("$.after", com.github.tomakehurst.wiremock.client.WireMock.absent()))
          .willReturn(aResponse().withHeader("Content-Type", "application/json;charset=utf-8").withBody("""
              {"total":2451,"results":[%s,%s]}"""
              .formatted(contact("4101", "g.souza@example.com", "lead", "2026-03-07T10:00:01.250Z"),
                  contact("4102", "h.rocha@example.com", "customer", "2026-03-07T10:00:02.000Z")))));

      SyncResult r = v.runtime.sync("acme", "contacts",
          SyncStart.from(Cursor.of("{\"since\":" + since + ",\"after\":\"9800\",\"top\":1772800000000}"))).orThrow();

      assertThat(r.pages()).isEqualTo(2);
      assertThat(r.written()).isEqualTo(3);
      assertThat(r.unchanged()).isEqualTo(1);
      v.server.verify(0, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
          .withRequestBody(matchingJsonPath("$.after", equalTo("10000"))));
      assertThat(r.cursor().orElseThrow().value()).isEqualTo("{\"since\":1772877602000}");
    }
  }

  @Test
  void aTenSecondly429IsWaitedOutAndRetried() throws Exception {
    try (GoldenVendor v = privateApp("contacts")) {
      v.server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts")).atPriority(1)
          .withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.absent())
          .inScenario("limited").whenScenarioStateIs(STARTED).willSetStateTo("ok")
          .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json;charset=utf-8")
              .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000").withHeader("X-HubSpot-RateLimit-Max", "110")
              .withHeader("X-HubSpot-RateLimit-Remaining", "0").withBody(sample("error-rate-limit-429.json"))));

      SyncResult r = v.runtime.sync("acme", "contacts", SyncStart.full()).orThrow();

      assertThat(r.written()).isEqualTo(3);
      v.server.verify(3, getRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts")));
    }
  }

  @Test
  void theOAuthVariantRefreshesThroughTheTokenEndpointWithoutAScopeAndSendsTheAccessToken() throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 7);
    Map<String, String> env = Map.of("HS_CLIENT_ID", "9b1c2d3e-fict-4f5a-8b6c-000000000001",
        "HS_CLIENT_SECRET", "hs-fictitious-client-secret-0000-000000000001",
        "HS_REFRESH", "na1-3f2e-9c1d-4b7a-8e6f-1a2b3c4d5e6f");
    try (GoldenVendor v = new GoldenVendor(new HubSpotConnectorProvider(), "contacts", env,
        (c, url) -> c.secret("clientId", "env:HS_CLIENT_ID").secret("clientSecret", "env:HS_CLIENT_SECRET")
            .secret("refreshToken", "env:HS_REFRESH").option("tokenUrl", url + "/oauth/v1/token"),
        b -> b.tokenKeys(KeyService.builder().activeKey("k1", Secret.of(Base64.getEncoder().encodeToString(key), "test")).build()))) {
      v.server.stubFor(post(urlPathEqualTo("/oauth/v1/token"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json;charset=utf-8").withBody(sample("oauth-token-refresh.json"))));

      v.runtime.sync("acme", "contacts", SyncStart.full()).orThrow();

      v.server.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v1/token"))
          .withRequestBody(containing("grant_type=refresh_token"))
          .withRequestBody(containing("refresh_token=na1-3f2e-9c1d-4b7a-8e6f-1a2b3c4d5e6f"))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("scope=")));
      v.server.verify(2, getRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts"))
          .withHeader("Authorization", equalTo("Bearer CMzFictitiousAccessToken0002QoIABAAAAGAAAAAAAAAAAAAAAAQ")));
    }
  }
}
