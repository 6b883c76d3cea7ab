package dev.tributary.core.http;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.net.URI;
import java.util.List;

/** A vendor API as a connector would declare it (package-private on purpose). */
interface TestApi {

  record Item(String id, String name) {}

  @RequestLine("GET /items/{id}?email={email}")
  Item item(@Param("id") String id, @Param("email") String email);

  @RequestLine("GET /items")
  List<Item> items();

  @RequestLine("GET /raw")
  Object anything();

  @RequestLine("POST /items")
  @Headers("Content-Type: application/json")
  Item create(Item item);

  @RequestLine("POST /items")
  @Headers({"Content-Type: application/json", "Idempotency-Key: {key}"})
  Item createWithKey(@Param("key") String key, Item item);

  @RequestLine("GET /pages?page={page}")
  @Headers("If-None-Match: {etag}")
  dev.tributary.api.connector.VendorResponse<List<Item>> page(@Param("page") int page, @Param("etag") String etag);

  @RequestLine("GET /anywhere")
  String anywhere(URI base);
}
