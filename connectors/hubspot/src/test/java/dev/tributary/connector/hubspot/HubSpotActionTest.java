package dev.tributary.connector.hubspot;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tributary.api.connector.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The HubSpot contact upsert action")
class HubSpotActionTest {

  record Context(String connectionId, String idempotencyKey) implements Action.ActionContext {}

  @SuppressWarnings("unchecked")
  static UpsertedContacts run(GoldenVendor v, ContactUpsert input) throws Exception {
    Action<ContactUpsert, UpsertedContacts> action =
        (Action<ContactUpsert, UpsertedContacts>) v.runtime.components("hubspot-private-app").actions().get("upsert-contacts");
    return v.runtime.asConnection("acme", () -> action.execute(new Context("acme", "job-42"), input));
  }

  @Test
  void contactsAreUpsertedByEmailAndTheAnswerSaysWhichWereCreated() throws Exception {
    try (GoldenVendor v = HubSpotSyncTest.privateApp("contacts")) {
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .withRequestBody(equalToJson(HubSpotSyncTest.sample("contacts-batch-upsert-request.json")))
          .willReturn(aResponse().withHeader("Content-Type", "application/json;charset=utf-8")
              .withBody(HubSpotSyncTest.sample("contacts-batch-upsert-response.json"))));
      ContactUpsert input = new ContactUpsert("email", List.of(
          new ContactUpsert.Contact("ana.lima@example.com", Map.of("firstname", "Ana", "lastname", "Lima",
              "lifecyclestage", "customer", "phone", "+15555550199")),
          new ContactUpsert.Contact("dora.reis@example.com", Map.of("firstname", "Dora", "lastname", "Reis",
              "lifecyclestage", "lead"))));

      UpsertedContacts done = run(v, input);
      // Run again, as a retried job would: the same upsert, the same two contacts.
      UpsertedContacts again = run(v, input);

      assertThat(done).isEqualTo(new UpsertedContacts(List.of("3188"), List.of("3051"), List.of()));
      assertThat(again.created()).containsExactly("3188");
      v.server.verify(2, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .withHeader("Content-Type", WireMock.equalTo("application/json")));
    }
  }

  @Test
  void moreThanOneHundredContactsGoInBatchesOfOneHundred() throws Exception {
    try (GoldenVendor v = HubSpotSyncTest.privateApp("contacts")) {
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json")
              .withBody("{\"status\":\"COMPLETE\",\"results\":[],\"startedAt\":\"2026-03-10T14:05:08.612Z\","
                  + "\"completedAt\":\"2026-03-10T14:05:08.801Z\"}")));
      List<ContactUpsert.Contact> contacts = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        contacts.add(new ContactUpsert.Contact("user" + i + "@example.com", Map.of("lifecyclestage", "lead")));
      }

      run(v, new ContactUpsert("email", contacts));

      v.server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .withRequestBody(matchingJsonPath("$.inputs[99].id", WireMock.equalTo("user99@example.com")))
          .withRequestBody(matchingJsonPath("$.inputs[100]", WireMock.absent())));
      v.server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .withRequestBody(matchingJsonPath("$.inputs[0].id", WireMock.equalTo("user100@example.com")))
          .withRequestBody(matchingJsonPath("$.inputs[49].idProperty", WireMock.equalTo("email"))));
    }
  }

  @Test
  void aPartialFailureReportsHubSpotsErrorsBesideTheResults() throws Exception {
    try (GoldenVendor v = HubSpotSyncTest.privateApp("contacts")) {
      v.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
          .willReturn(aResponse().withStatus(207).withHeader("Content-Type", "application/json").withBody("""
              {"status":"COMPLETE","results":[{"id":"3051","properties":{},"createdAt":"2026-01-12T09:15:22.481Z",
                "updatedAt":"2026-03-10T14:05:08.733Z","archived":false,"new":false}],"numErrors":1,
               "errors":[{"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid"}],
               "startedAt":"2026-03-10T14:05:08.612Z","completedAt":"2026-03-10T14:05:08.801Z"}""")));

      UpsertedContacts done = run(v, new ContactUpsert("email", List.of(
          new ContactUpsert.Contact("ana.lima@example.com", Map.of("lifecyclestage", "customer")),
          new ContactUpsert.Contact("bad@example.com", Map.of("lifecyclestage", "no-such-stage")))));

      assertThat(done.updated()).containsExactly("3051");
      assertThat(done.errors()).containsExactly("VALIDATION_ERROR: Property values were not valid");
    }
  }

  @Test
  void anUpsertWithoutAnIdPropertyOrContactsIsRefusedBeforeAnyCall() {
    UpsertContactsAction action = new UpsertContactsAction(null);
    Context ctx = new Context("acme", "k");
    assertThatThrownBy(() -> action.execute(ctx, new ContactUpsert(" ", List.of())))
        .hasMessage("upsert-contacts: idProperty is missing; name a unique-value property such as 'email'");
    assertThatThrownBy(() -> action.execute(ctx, new ContactUpsert("email", List.of())))
        .hasMessage("upsert-contacts: contacts is empty");
    assertThatThrownBy(() -> action.execute(ctx, new ContactUpsert("email", List.of(new ContactUpsert.Contact(null, Map.of())))))
        .hasMessage("upsert-contacts: contact 0 has no id (its value of email)");
  }
}
