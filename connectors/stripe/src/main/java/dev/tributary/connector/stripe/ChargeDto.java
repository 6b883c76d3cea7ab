package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A charge ({@code ch_...}); also the stored payload. Card details stay out but for brand and last4. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChargeDto(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("amount") Long amount,
    @JsonProperty("amount_captured") Long amountCaptured,
    @JsonProperty("amount_refunded") Long amountRefunded,
    @JsonProperty("currency") String currency,
    @JsonProperty("customer") String customer,
    @JsonProperty("description") String description,
    @JsonProperty("status") String status,
    @JsonProperty("paid") Boolean paid,
    @JsonProperty("captured") Boolean captured,
    @JsonProperty("refunded") Boolean refunded,
    @JsonProperty("disputed") Boolean disputed,
    @JsonProperty("failure_code") String failureCode,
    @JsonProperty("failure_message") String failureMessage,
    @JsonProperty("payment_intent") String paymentIntent,
    @JsonProperty("payment_method") String paymentMethod,
    @JsonProperty("billing_details") JsonNode billingDetails,
    @JsonProperty("receipt_email") String receiptEmail,
    @JsonProperty("livemode") Boolean livemode,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("created") Long created,
    @JsonIgnore Long eventCreated,
    @JsonIgnore boolean eventDeleted) implements StripeObject<ChargeDto> {

  static final String[] FIELDS = {"id", "object", "amount", "amount_captured", "amount_refunded", "currency",
      "customer", "description", "status", "paid", "captured", "refunded", "disputed", "failure_code",
      "failure_message", "payment_intent", "payment_method", "billing_details", "receipt_email", "livemode",
      "metadata", "created"};

  @Override
  public ChargeDto fromEvent(long at, boolean deleted) {
    return new ChargeDto(id, object, amount, amountCaptured, amountRefunded, currency, customer, description, status,
        paid, captured, refunded, disputed, failureCode, failureMessage, paymentIntent, paymentMethod, billingDetails,
        receiptEmail, livemode, metadata, created, at, deleted);
  }
}
