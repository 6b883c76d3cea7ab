package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /crm/v3/objects/{type}/search}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SearchRequest(
    @JsonProperty("filterGroups") List<FilterGroup> filterGroups,
    @JsonProperty("sorts") List<Sort> sorts,
    @JsonProperty("properties") List<String> properties,
    @JsonProperty("limit") int limit,
    @JsonProperty("after") String after) {

  record FilterGroup(@JsonProperty("filters") List<Filter> filters) {}

  record Filter(@JsonProperty("propertyName") String propertyName, @JsonProperty("operator") String operator,
      @JsonProperty("value") String value) {}

  record Sort(@JsonProperty("propertyName") String propertyName, @JsonProperty("direction") String direction) {}

  /** Objects modified at or after {@code sinceMillis}, oldest modification first. */
  static SearchRequest modifiedSince(String lastModifiedProperty, long sinceMillis, List<String> properties, int limit,
      String after) {
    return new SearchRequest(
        List.of(new FilterGroup(List.of(new Filter(lastModifiedProperty, "GTE", Long.toString(sinceMillis))))),
        List.of(new Sort(lastModifiedProperty, "ASCENDING")), properties, limit, after);
  }
}
