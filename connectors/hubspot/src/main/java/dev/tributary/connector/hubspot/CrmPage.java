package dev.tributary.connector.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A page of CRM objects: {@code {results, paging: {next: {after, link}}}}, plus {@code total} from
 * the search API. No {@code paging} means the last page. {@code after} is opaque for listings and an
 * offset for searches.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CrmPage(
    @JsonProperty("total") Integer total,
    @JsonProperty("results") List<CrmObjectDto> results,
    @JsonProperty("paging") Paging paging) {

  List<CrmObjectDto> items() {
    return results == null ? List.of() : results;
  }

  /** The next page's {@code after}, or null on the last page. */
  String nextAfter() {
    return paging == null || paging.next() == null ? null : paging.next().after();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Paging(@JsonProperty("next") Next next) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Next(@JsonProperty("after") String after, @JsonProperty("link") String link) {}
}
