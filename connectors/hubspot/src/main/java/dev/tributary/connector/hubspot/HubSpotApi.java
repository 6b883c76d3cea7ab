package dev.tributary.connector.hubspot;

import feign.Headers;
import feign.Param;
import feign.QueryMap;
import feign.RequestLine;
import java.util.Map;

/**
 * The slice of HubSpot's CRM v3 API the connector uses. {@code type} is the object type
 * ({@code contacts}, {@code companies}, {@code deals}). Request bodies are JSON.
 */
interface HubSpotApi {

  /** One page of a listing: {@code limit}, {@code after}, {@code properties}, {@code archived}. */
  @RequestLine("GET /crm/v3/objects/{type}")
  CrmPage list(@Param("type") String type, @QueryMap Map<String, Object> query);

  @RequestLine("POST /crm/v3/objects/{type}/search")
  @Headers("Content-Type: application/json")
  CrmPage search(@Param("type") String type, SearchRequest request);

  @RequestLine("POST /crm/v3/objects/contacts/batch/upsert")
  @Headers("Content-Type: application/json")
  BatchUpsertResponse upsertContacts(BatchUpsertRequest request);
}
