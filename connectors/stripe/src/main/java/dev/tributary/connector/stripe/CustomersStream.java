package dev.tributary.connector.stripe;

import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;
import java.util.Map;

/** Stripe customers ({@code GET /v1/customers}, events {@code customer.*}). */
final class CustomersStream extends StripeStream<CustomerDto> {

  static final StreamSpec SPEC = StreamSpec.builder("customers")
      .requiredFields("id", "object", "created")
      .expectedFields(CustomerDto.FIELDS)
      .personal("email", PersonalField.Classification.IDENTIFIER)
      .personal("name", PersonalField.Classification.CONTACT)
      .personal("phone", PersonalField.Classification.CONTACT)
      .personal("address", PersonalField.Classification.CONTACT)
      .build();

  @Inject
  CustomersStream(StripeApi api) {
    super(api, "customer", CustomerDto.class);
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  StripeList<CustomerDto> list(String account, Map<String, Object> query) {
    return api.customers(account, query);
  }
}
