package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to a batch upsert: {@code 200} with every result, or {@code 207} with
 * {@code numErrors} and {@code errors} for the inputs that failed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BatchUpsertResponse(
    @JsonProperty("status") String status,
    @JsonProperty("results") List<Result> results,
    @JsonProperty("numErrors") Integer numErrors,
    @JsonProperty("errors") List<Error> errors) {

  /** One upserted object; {@code new} is true when it was created. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(@JsonProperty("id") String id, @JsonProperty("new") Boolean created,
      @JsonProperty("updatedAt") String updatedAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Error(@JsonProperty("status") String status, @JsonProperty("category") String category,
      @JsonProperty("message") String message) {}
}
