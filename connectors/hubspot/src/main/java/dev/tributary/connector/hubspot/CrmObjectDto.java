package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A CRM object (contact, company, deal) as listings and searches return it; also the stored
 * payload. Every property value is a string or null, dates included.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CrmObjectDto(
    @JsonProperty("id") String id,
    @JsonProperty("properties") Map<String, String> properties,
    @JsonProperty("createdAt") String createdAt,
    @JsonProperty("updatedAt") String updatedAt,
    @JsonProperty("archived") Boolean archived) {

  static final String[] FIELDS = {"id", "properties", "createdAt", "updatedAt", "archived"};
}
