package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** An invoice ({@code in_...}) without its line items; also the stored payload. */
@JsonIgnoreProperties(ignoreUnknown = true)
record InvoiceDto(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("number") String number,
    @JsonProperty("customer") String customer,
    @JsonProperty("customer_email") String customerEmail,
    @JsonProperty("customer_name") String customerName,
    @JsonProperty("status") String status,
    @JsonProperty("billing_reason") String billingReason,
    @JsonProperty("collection_method") String collectionMethod,
    @JsonProperty("currency") String currency,
    @JsonProperty("amount_due") Long amountDue,
    @JsonProperty("amount_paid") Long amountPaid,
    @JsonProperty("amount_remaining") Long amountRemaining,
    @JsonProperty("subtotal") Long subtotal,
    @JsonProperty("total") Long total,
    @JsonProperty("period_start") Long periodStart,
    @JsonProperty("period_end") Long periodEnd,
    @JsonProperty("due_date") Long dueDate,
    @JsonProperty("hosted_invoice_url") String hostedInvoiceUrl,
    @JsonProperty("livemode") Boolean livemode,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("created") Long created,
    @JsonIgnore Long eventCreated,
    @JsonIgnore boolean eventDeleted) implements StripeObject<InvoiceDto> {

  static final String[] FIELDS = {"id", "object", "number", "customer", "customer_email", "customer_name", "status",
      "billing_reason", "collection_method", "currency", "amount_due", "amount_paid", "amount_remaining", "subtotal",
      "total", "period_start", "period_end", "due_date", "hosted_invoice_url", "livemode", "metadata", "created"};

  @Override
  public InvoiceDto fromEvent(long at, boolean deleted) {
    return new InvoiceDto(id, object, number, customer, customerEmail, customerName, status, billingReason,
        collectionMethod, currency, amountDue, amountPaid, amountRemaining, subtotal, total, periodStart, periodEnd,
        dueDate, hostedInvoiceUrl, livemode, metadata, created, at, deleted);
  }
}
