package dev.tributary.connector.hubspot;

import dev.tributary.api.connector.Action;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates or updates contacts by a unique property ({@code POST
 * /crm/v3/objects/contacts/batch/upsert}, {@code idProperty}), 100 a request. An upsert by a
 * unique value is idempotent by nature: a retried job finds the contacts it created and updates
 * them to the same values, so it needs no idempotency key. Needs scope
 * {@code crm.objects.contacts.write}.
 */
final class UpsertContactsAction implements Action<ContactUpsert, UpsertedContacts> {

  static final String NAME = "upsert-contacts";
  static final int BATCH = 100;

  private final HubSpotApi api;

  @Inject
  UpsertContactsAction(HubSpotApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ContactUpsert> inputType() {
    return ContactUpsert.class;
  }

  @Override
  public UpsertedContacts execute(ActionContext context, ContactUpsert input) {
    if (input == null || input.idProperty() == null || input.idProperty().isBlank()) {
      throw new IllegalArgumentException(NAME + ": idProperty is missing; name a unique-value property such as 'email'");
    }
    if (input.contacts() == null || input.contacts().isEmpty()) {
      throw new IllegalArgumentException(NAME + ": contacts is empty");
    }
    List<BatchUpsertRequest.Input> inputs = new ArrayList<>();
    for (int i = 0; i < input.contacts().size(); i++) {
      ContactUpsert.Contact c = input.contacts().get(i);
      if (c == null || c.id() == null || c.id().isBlank()) {
        throw new IllegalArgumentException(NAME + ": contact " + i + " has no id (its value of " + input.idProperty() + ")");
      }
      inputs.add(new BatchUpsertRequest.Input(input.idProperty(), c.id(), c.properties() == null ? java.util.Map.of()
          : c.properties()));
    }
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int from = 0; from < inputs.size(); from += BATCH) {
      BatchUpsertResponse r = api.upsertContacts(new BatchUpsertRequest(inputs.subList(from, Math.min(inputs.size(), from + BATCH))));
      if (r.results() != null) {
        for (BatchUpsertResponse.Result result : r.results()) {
          (Boolean.TRUE.equals(result.created()) ? created : updated).add(result.id());
        }
      }
      if (r.errors() != null) {
        for (BatchUpsertResponse.Error e : r.errors()) {
          errors.add(e.category() + ": " + e.message());
        }
      }
    }
    return new UpsertedContacts(List.copyOf(created), List.copyOf(updated), List.copyOf(errors));
  }
}
