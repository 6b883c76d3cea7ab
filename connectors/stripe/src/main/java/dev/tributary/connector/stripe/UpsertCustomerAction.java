package dev.tributary.connector.stripe;

import dev.tributary.api.connector.Action;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates a Stripe customer, or updates one when the input names it, sending the framework's
 * per-request idempotency key as Stripe's {@code Idempotency-Key}. Stripe stores the first answer
 * to a key for at least 24 hours and replays it to every retry, so a job retried after a timeout or
 * a 500 never creates a second customer. The input's {@code account} makes the write for that
 * connected account ({@code Stripe-Account}): an action sees its connection's id but not its options.
 */
final class UpsertCustomerAction implements Action<CustomerInput, CustomerDto> {

  static final String NAME = "upsert-customer";

  private final StripeApi api;

  @Inject
  UpsertCustomerAction(StripeApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<CustomerInput> inputType() {
    return CustomerInput.class;
  }

  @Override
  public CustomerDto execute(ActionContext context, CustomerInput input) {
    if (input == null) {
      throw new IllegalArgumentException(NAME + ": input is missing");
    }
    String key = context.idempotencyKey();
    if (key == null || key.isBlank() || key.length() > 255) {
      throw new IllegalArgumentException(NAME + ": the idempotency key must be 1-255 characters (Stripe's limit)");
    }
    String form = form(input);
    String account = input.account();
    return input.customerId() == null
        ? api.createCustomer(account, key, form)
        : api.updateCustomer(account, key, input.customerId(), form);
  }

  /** Stripe's form encoding: {@code email=...&metadata[crm_id]=3051}, keys in a stable order. */
  static String form(CustomerInput input) {
    StringBuilder form = new StringBuilder();
    add(form, "email", input.email());
    add(form, "name", input.name());
    add(form, "phone", input.phone());
    add(form, "description", input.description());
    if (input.metadata() != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(input.metadata()).entrySet()) {
        add(form, "metadata[" + e.getKey() + "]", e.getValue());
      }
    }
    return form.toString();
  }

  private static void add(StringBuilder form, String name, String value) {
    if (value == null) {
      return;
    }
    if (!form.isEmpty()) {
      form.append('&');
    }
    form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
