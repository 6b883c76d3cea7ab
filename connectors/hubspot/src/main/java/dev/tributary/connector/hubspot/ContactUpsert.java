package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Contacts to create or update, matched by a unique property ({@code email}, or a custom unique
 * property such as an external id).
 *
 * @param idProperty the unique property the contacts are matched by
 * @param contacts each contact's value of {@code idProperty} and the properties to set
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactUpsert(
    @JsonProperty("idProperty") String idProperty,
    @JsonProperty("contacts") List<Contact> contacts) {

  /** One contact. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Contact(@JsonProperty("id") String id, @JsonProperty("properties") Map<String, String> properties) {

    /** Leaves the values out: they are personal data. */
    @Override
    public String toString() {
      return "Contact[" + (properties == null ? 0 : properties.size()) + " properties]";
    }
  }

  @Override
  public String toString() {
    return "ContactUpsert[idProperty=" + idProperty + ", " + (contacts == null ? 0 : contacts.size()) + " contacts]";
  }
}
