package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Stripe's list envelope: {@code {"object":"list","data":[...],"has_more":true,"url":"/v1/customers"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record StripeList<T>(
    @JsonProperty("object") String object,
    @JsonProperty("data") List<T> data,
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("url") String url) {

  List<T> items() {
    return data == null ? List.of() : data;
  }
}
