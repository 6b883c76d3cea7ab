package ${package};

import feign.Param;
import feign.RequestLine;

/** The vendor's API, as the framework's Feign client calls it. Paths are relative to the base URL. */
interface ${connectorClass}Api {

  /** One page of items; {@code after} is the previous page's last id, omitted for the first page. */
  @RequestLine("GET /v1/items?limit=2&after={after}")
  ItemsPage items(@Param("after") String after);
}
