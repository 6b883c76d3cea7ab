package dev.tributary.connector.stripe;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@DisplayName("The Stripe connector against its golden exchanges")
class StripeGoldenSyncTest {

  static final String KEY = "rk_test_TributaryFictitiousRestrictedKey0001";

  static GoldenVendor vendor(String stream) {
    return new GoldenVendor(new StripeConnectorProvider(), stream, Map.of("STRIPE_KEY", KEY),
        c -> c.secret("token", "env:STRIPE_KEY").option("account", "acct_1FictitiousConn01"));
  }

  static String sample(String name) throws IOException {
    try (InputStream in = StripeGoldenSyncTest.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"customers", "charges", "invoices"})
  void aFullSyncPagesByStartingAfterAndYieldsTheGoldenRecords(String stream) throws Exception {
    try (GoldenVendor v = vendor(stream)) {
      SyncResult r = v.runtime.sync("acme", stream, SyncStart.full()).orThrow();

      assertThat(r.pages()).isEqualTo(2);
      assertThat(r.written()).isEqualTo(3);
      assertThat(r.driftWarnings()).isZero();
      v.assertStoredRecordsMatchGolden(stream, stream);
      v.server.verify(2, getRequestedFor(urlPathEqualTo("/v1/" + stream))
          .withHeader("Authorization", equalTo("Bearer " + KEY))
          .withHeader("Stripe-Account", equalTo("acct_1FictitiousConn01"))
          .withHeader("Stripe-Version", equalTo("2025-08-27.basil")));
    }
  }

  @Test
  void aFullSyncEndsAtRestWithTheNewestCreationAsBothHighWaterMarks() {
    try (GoldenVendor v = vendor("customers")) {
      SyncResult r = v.runtime.sync("acme", "customers", SyncStart.full()).orThrow();

      assertThat(r.cursor().orElseThrow().value()).isEqualTo("{\"created\":1772619300,\"events\":1772619300}");
    }
  }

  @Test
  void anIncrementalRunListsNewCustomersThenAppliesEventsAndWritesOnlyTheChangedCustomer() throws Exception {
    try (GoldenVendor v = vendor("customers")) {
      v.runtime.sync("acme", "customers", SyncStart.full()).orThrow();
      // Nothing was created since; one customer was updated (the sample customer.updated event), and
      // a subscription event, which customer.* also matches, is not a customer.
      v.server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("created[gte]", equalTo("1772619300"))
          .withQueryParam("starting_after", absent())
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
              {"object":"list","data":[%s],"has_more":false,"url":"/v1/customers"}"""
              .formatted(firstCustomer()))));
      v.server.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("type", equalTo("customer.*"))
          .withQueryParam("created[gte]", equalTo("1772619300")).withQueryParam("limit", equalTo("100"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
              {"object":"list","data":[%s,
                {"id":"evt_1QxY9zB7WZ01zgkW0aB1cD2e","object":"event","api_version":"2025-08-27.basil","created":1773000000,
                 "data":{"object":{"id":"sub_1PnB2cB7WZ01zgkWy9Z0a1B2","object":"subscription","customer":"cus_TqR4aZk2LmN8pQ",
                 "created":1772619400,"status":"active"}},"livemode":false,"pending_webhooks":0,
                 "request":{"id":null,"idempotency_key":null},"type":"customer.subscription.updated"}],
               "has_more":false,"url":"/v1/events"}""".formatted(sample("event-customer-updated.json")))));

      SyncResult second = v.runtime.sync("acme", "customers", SyncStart.incremental()).orThrow();

      assertThat(second.pages()).isEqualTo(2);
      assertThat(second.written()).isEqualTo(1);
      assertThat(second.unchanged()).isEqualTo(1);
      var stored = v.runtime.records().find("acme", "customers", "cus_TqR4aZk2LmN8pQ").orElseThrow();
      assertThat(stored.payloadJson()).contains("\"email\":\"ana.lima@example.org\"");
      assertThat(stored.vendorUpdatedAt()).hasToString("2026-03-10T14:04:58Z");
      assertThat(v.runtime.records().find("acme", "customers", "sub_1PnB2cB7WZ01zgkWy9Z0a1B2")).isEmpty();
      assertThat(second.cursor().orElseThrow().value()).isEqualTo("{\"created\":1772619300,\"events\":1773151498}");
    }
  }

  @Test
  void aCustomerDeletedEventBecomesATombstone() throws Exception {
    try (GoldenVendor v = vendor("customers")) {
      v.runtime.sync("acme", "customers", SyncStart.full()).orThrow();
      String deleted = sample("event-customer-updated.json")
          .replace("\"evt_1QxZ0aB7WZ01zgkW9cD8eF7g\"", "\"evt_1QxZ1bB7WZ01zgkW3fG4hI5j\"")
          .replace("\"customer.updated\"", "\"customer.deleted\"")
          .replace("\"created\": 1773151498", "\"created\": 1773160000");
      v.server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("created[gte]", equalTo("1772619300"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json")
              .withBody("{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/customers\"}")));
      v.server.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("type", equalTo("customer.*"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json")
              .withBody("{\"object\":\"list\",\"data\":[" + deleted + "],\"has_more\":false,\"url\":\"/v1/events\"}")));

      SyncResult second = v.runtime.sync("acme", "customers", SyncStart.incremental()).orThrow();

      assertThat(second.written()).isEqualTo(1);
      assertThat(v.runtime.records().find("acme", "customers", "cus_TqR4aZk2LmN8pQ").orElseThrow().deleted()).isTrue();
      assertThat(v.runtime.records().countDeleted("acme", "customers")).isEqualTo(1);
    }
  }

  private static String firstCustomer() throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (InputStream in = StripeGoldenSyncTest.class.getResourceAsStream("/golden/customers/__files/01-customers-page1.json")) {
      return json.writeValueAsString(json.readTree(in).get("data").get(0));
    }
  }
}
