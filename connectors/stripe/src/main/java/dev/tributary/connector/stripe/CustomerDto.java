package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A customer ({@code cus_...}); also the stored payload. */
@JsonIgnoreProperties(ignoreUnknown = true)
record CustomerDto(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("email") String email,
    @JsonProperty("name") String name,
    @JsonProperty("phone") String phone,
    @JsonProperty("description") String description,
    @JsonProperty("address") JsonNode address,
    @JsonProperty("currency") String currency,
    @JsonProperty("balance") Long balance,
    @JsonProperty("delinquent") Boolean delinquent,
    @JsonProperty("invoice_prefix") String invoicePrefix,
    @JsonProperty("preferred_locales") java.util.List<String> preferredLocales,
    @JsonProperty("tax_exempt") String taxExempt,
    @JsonProperty("livemode") Boolean livemode,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("created") Long created,
    @JsonIgnore Long eventCreated,
    @JsonIgnore boolean eventDeleted) implements StripeObject<CustomerDto> {

  static final String[] FIELDS = {"id", "object", "email", "name", "phone", "description", "address", "currency",
      "balance", "delinquent", "invoice_prefix", "preferred_locales", "tax_exempt", "livemode", "metadata", "created"};

  @Override
  public CustomerDto fromEvent(long at, boolean deleted) {
    return new CustomerDto(id, object, email, name, phone, description, address, currency, balance, delinquent,
        invoicePrefix, preferredLocales, taxExempt, livemode, metadata, created, at, deleted);
  }
}
