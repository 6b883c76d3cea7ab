package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /crm/v3/objects/contacts/batch/upsert}. */
record BatchUpsertRequest(@JsonProperty("inputs") List<Input> inputs) {

  /** One contact: {@code id} is its value of the unique property {@code idProperty}. */
  record Input(@JsonProperty("idProperty") String idProperty, @JsonProperty("id") String id,
      @JsonProperty("properties") Map<String, String> properties) {}
}
