package dev.tributary.connector.stripe;

import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;
import java.util.Map;

/** Stripe charges ({@code GET /v1/charges}, events {@code charge.*}). */
final class ChargesStream extends StripeStream<ChargeDto> {

  static final StreamSpec SPEC = StreamSpec.builder("charges")
      .requiredFields("id", "object", "created")
      .expectedFields(ChargeDto.FIELDS)
      .personal("receipt_email", PersonalField.Classification.IDENTIFIER)
      .personal("billing_details", PersonalField.Classification.CONTACT)
      .build();

  @Inject
  ChargesStream(StripeApi api) {
    super(api, "charge", ChargeDto.class);
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  StripeList<ChargeDto> list(String account, Map<String, Object> query) {
    return api.charges(account, query);
  }
}
