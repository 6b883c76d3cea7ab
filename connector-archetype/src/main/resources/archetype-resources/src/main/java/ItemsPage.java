package ${package};

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of the vendor's item list. */
record ItemsPage(@JsonProperty("data") List<ItemDto> data, @JsonProperty("has_more") boolean hasMore) {

  /** The next page's cursor: the last id, while the vendor says more follow. */
  String next() {
    return hasMore && !data.isEmpty() ? data.get(data.size() - 1).id() : null;
  }
}
