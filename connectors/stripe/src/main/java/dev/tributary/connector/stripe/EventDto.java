package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event from {@code GET /v1/events}: {@code data.object} is the object as it was after the change
 * (rendered in the event's {@code api_version}), and a {@code *.deleted} type marks a deletion.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record EventDto(
    @JsonProperty("id") String id,
    @JsonProperty("type") String type,
    @JsonProperty("created") Long created,
    @JsonProperty("api_version") String apiVersion,
    @JsonProperty("data") Data data) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Data(@JsonProperty("object") JsonNode object) {}

  JsonNode object() {
    return data == null ? null : data.object();
  }
}
