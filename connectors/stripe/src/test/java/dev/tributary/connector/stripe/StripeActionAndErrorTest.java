package dev.tributary.connector.stripe;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.Action;
import dev.tributary.api.errors.VendorRequestException;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Stripe connector's customer action and error handling")
class StripeActionAndErrorTest {

  static final String KEY = "0f5d3c2e-7a41-4b8e-9c6d-1e2f3a4b5c6d";

  record Context(String connectionId, String idempotencyKey) implements Action.ActionContext {}

  static final CustomerInput DORA = new CustomerInput(null, "dora.reis@example.com", "Dora Reis", "+15555550123",
      null, Map.of("crm_id", "3188"), null);

  static final String CREATED = """
      {"id":"cus_TrA1bC2dE3fG4h","object":"customer","address":null,"balance":0,"created":1773151600,"currency":null,
       "default_source":null,"delinquent":false,"description":null,"discount":null,"email":"dora.reis@example.com",
       "invoice_prefix":"B2C3D4E5","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null,
       "rendering_options":null},"livemode":false,"metadata":{"crm_id":"3188"},"name":"Dora Reis",
       "next_invoice_sequence":1,"phone":"+15555550123","preferred_locales":[],"shipping":null,"tax_exempt":"none",
       "test_clock":null}""";

  @SuppressWarnings("unchecked")
  static CustomerDto run(GoldenVendor v, Context ctx, CustomerInput input) throws Exception {
    Action<CustomerInput, CustomerDto> action =
        (Action<CustomerInput, CustomerDto>) v.runtime.components("stripe").actions().get("upsert-customer");
    return v.runtime.asConnection("acme", () -> action.execute(ctx, input));
  }

  /**
   * A stub with Stripe's idempotency semantics for one key: the first POST creates the customer
   * (state "created") though the caller sees a 500; a POST with the same key gets the saved
   * customer; a POST with any other key would create a second one (state "duplicate").
   */
  static void stripeWithIdempotency(GoldenVendor v) {
    v.server.stubFor(post(urlPathEqualTo("/v1/customers")).inScenario("customers").whenScenarioStateIs(STARTED)
        .withHeader("Idempotency-Key", equalTo(KEY))
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withHeader("Request-Id", "req_X1")
            .withBody("{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"api_error\"}}"))
        .willSetStateTo("created"));
    v.server.stubFor(post(urlPathEqualTo("/v1/customers")).inScenario("customers").whenScenarioStateIs("created")
        .withHeader("Idempotency-Key", equalTo(KEY))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("Idempotency-Key", KEY)
            .withHeader("Original-Request", "req_X1").withBody(CREATED)));
    v.server.stubFor(post(urlPathEqualTo("/v1/customers")).inScenario("customers").whenScenarioStateIs("created")
        .withHeader("Idempotency-Key", notMatching(KEY))
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody(CREATED.replace("cus_TrA1bC2dE3fG4h", "cus_TrDuplicate0001")))
        .willSetStateTo("duplicate"));
  }

  @Test
  void aCreateRetriedAfterA500SendsTheSameIdempotencyKeyAndMakesOneCustomer() throws Exception {
    try (GoldenVendor v = StripeGoldenSyncTest.vendor("customers")) {
      stripeWithIdempotency(v);

      CustomerDto created = run(v, new Context("acme", KEY), DORA);
      // The queue retries the whole job with the same key: still the one customer.
      CustomerDto again = run(v, new Context("acme", KEY), DORA);

      assertThat(created.id()).isEqualTo("cus_TrA1bC2dE3fG4h");
      assertThat(again.id()).isEqualTo("cus_TrA1bC2dE3fG4h");
      assertThat(v.server.getAllScenarios().getScenarios()).singleElement()
          .satisfies(s -> assertThat(s.getState()).isEqualTo("created"));
      v.server.verify(3, postRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Idempotency-Key", equalTo(KEY))
          .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
          .withRequestBody(equalTo("email=dora.reis%40example.com&name=Dora+Reis&phone=%2B15555550123&metadata%5Bcrm_id%5D=3188")));
      v.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Idempotency-Key", notMatching(KEY)));
    }
  }

  @Test
  void anUpdateGoesToTheCustomerWithItsOwnKeyAndConnectedAccount() throws Exception {
    try (GoldenVendor v = StripeGoldenSyncTest.vendor("customers")) {
      v.server.stubFor(post(urlPathEqualTo("/v1/customers/cus_TrA1bC2dE3fG4h"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(CREATED)));

      CustomerDto updated = run(v, new Context("acme", KEY), new CustomerInput("cus_TrA1bC2dE3fG4h", null, null,
          null, "Moved to annual billing", null, "acct_1FictitiousConn01"));

      assertThat(updated.id()).isEqualTo("cus_TrA1bC2dE3fG4h");
      v.server.verify(postRequestedFor(urlPathEqualTo("/v1/customers/cus_TrA1bC2dE3fG4h"))
          .withHeader("Idempotency-Key", equalTo(KEY)).withHeader("Stripe-Account", equalTo("acct_1FictitiousConn01"))
          .withRequestBody(equalTo("description=Moved+to+annual+billing")));
    }
  }

  @Test
  void aRejected400SurfacesAsAVendorRequestExceptionWithStripesTypeAndCode() throws Exception {
    try (GoldenVendor v = StripeGoldenSyncTest.vendor("customers")) {
      v.server.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(400)
          .withHeader("Content-Type", "application/json").withHeader("Request-Id", "req_Pq4rS5tU6vW7xY")
          .withBody(StripeGoldenSyncTest.sample("error-invalid-request-400.json"))));

      assertThatThrownBy(() -> run(v, new Context("acme", KEY), DORA))
          .isInstanceOfSatisfying(VendorRequestException.class, e -> {
            assertThat(e.errorType()).contains("invalid_request_error");
            assertThat(e.errorCode()).contains("parameter_invalid_integer");
            assertThat(e.vendorMessage()).contains("Invalid integer: ten");
            assertThat(e.getMessage()).contains("POST /v1/customers -> 400")
                .endsWith("vendor rejected the request (invalid_request_error/parameter_invalid_integer): Invalid integer: ten");
          });
      v.server.verify(1, postRequestedFor(urlPathEqualTo("/v1/customers")));
    }
  }

  @Test
  void anIdempotencyKeyReusedWithOtherParametersIsAnIdempotencyError() throws Exception {
    try (GoldenVendor v = StripeGoldenSyncTest.vendor("customers")) {
      v.server.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(400)
          .withHeader("Content-Type", "application/json")
          .withBody(StripeGoldenSyncTest.sample("error-idempotency-400.json"))));

      assertThatThrownBy(() -> run(v, new Context("acme", KEY), DORA))
          .isInstanceOfSatisfying(VendorRequestException.class, e -> {
            assertThat(e.errorType()).contains("idempotency_error");
            assertThat(e.errorCode()).isEmpty();
          });
    }
  }

  @Test
  void lockTimeoutAndRateLimit429sAreRetriedUntilThePageArrives() throws Exception {
    try (GoldenVendor v = StripeGoldenSyncTest.vendor("customers")) {
      v.server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", com.github.tomakehurst.wiremock.client.WireMock.absent())
          .inScenario("busy").whenScenarioStateIs(STARTED).atPriority(1)
          .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
              .withHeader("Stripe-Should-Retry", "true").withBody(StripeGoldenSyncTest.sample("error-lock-timeout-429.json")))
          .willSetStateTo("rate-limited"));
      v.server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", com.github.tomakehurst.wiremock.client.WireMock.absent())
          .inScenario("busy").whenScenarioStateIs("rate-limited").atPriority(1)
          .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
              .withBody(StripeGoldenSyncTest.sample("error-rate-limit-429.json")))
          .willSetStateTo("free"));

      SyncResult r = v.runtime.sync("acme", "customers", SyncStart.full()).orThrow();

      assertThat(r.written()).isEqualTo(3);
      v.server.verify(3, getRequestedFor(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after",
          com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }
  }

  @Test
  void theActionRefusesAMissingOrOverlongIdempotencyKey() {
    UpsertCustomerAction action = new UpsertCustomerAction(null);
    assertThatThrownBy(() -> action.execute(new Context("acme", ""), DORA))
        .hasMessage("upsert-customer: the idempotency key must be 1-255 characters (Stripe's limit)");
    assertThatThrownBy(() -> action.execute(new Context("acme", "k".repeat(256)), DORA))
        .hasMessage("upsert-customer: the idempotency key must be 1-255 characters (Stripe's limit)");
  }
}
