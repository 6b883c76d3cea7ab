package dev.tributary.connector.stripe;

import feign.Body;
import feign.Headers;
import feign.Param;
import feign.QueryMap;
import feign.RequestLine;
import java.util.Map;

/**
 * The slice of Stripe's v1 API the connector uses. {@code account} is the connected account the
 * call acts for ({@code Stripe-Account}); null sends no header and acts for the key's own account.
 * List parameters go in a map so that absent ones ({@code starting_after} on the first page) are
 * not sent. Writes are form-encoded, as Stripe requires, and carry an {@code Idempotency-Key}.
 */
@Headers("Stripe-Account: {account}")
interface StripeApi {

  @RequestLine("GET /v1/customers")
  StripeList<CustomerDto> customers(@Param("account") String account, @QueryMap Map<String, Object> query);

  @RequestLine("GET /v1/charges")
  StripeList<ChargeDto> charges(@Param("account") String account, @QueryMap Map<String, Object> query);

  @RequestLine("GET /v1/invoices")
  StripeList<InvoiceDto> invoices(@Param("account") String account, @QueryMap Map<String, Object> query);

  @RequestLine("GET /v1/events")
  StripeList<EventDto> events(@Param("account") String account, @QueryMap Map<String, Object> query);

  /** {@code form} is an {@code application/x-www-form-urlencoded} body, already encoded. */
  @RequestLine("POST /v1/customers")
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Idempotency-Key: {idempotencyKey}"})
  @Body("{form}")
  CustomerDto createCustomer(@Param("account") String account, @Param("idempotencyKey") String idempotencyKey,
      @Param("form") String form);

  @RequestLine("POST /v1/customers/{id}")
  @Headers({"Content-Type: application/x-www-form-urlencoded", "Idempotency-Key: {idempotencyKey}"})
  @Body("{form}")
  CustomerDto updateCustomer(@Param("account") String account, @Param("idempotencyKey") String idempotencyKey,
      @Param("id") String id, @Param("form") String form);
}
