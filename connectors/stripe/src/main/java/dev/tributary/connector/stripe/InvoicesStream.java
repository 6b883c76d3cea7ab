package dev.tributary.connector.stripe;

import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;
import java.util.Map;

/** Stripe invoices ({@code GET /v1/invoices}, events {@code invoice.*}). */
final class InvoicesStream extends StripeStream<InvoiceDto> {

  static final StreamSpec SPEC = StreamSpec.builder("invoices")
      .requiredFields("id", "object", "created")
      .expectedFields(InvoiceDto.FIELDS)
      .personal("customer_email", PersonalField.Classification.IDENTIFIER)
      .personal("customer_name", PersonalField.Classification.CONTACT)
      .build();

  @Inject
  InvoicesStream(StripeApi api) {
    super(api, "invoice", InvoiceDto.class);
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  StripeList<InvoiceDto> list(String account, Map<String, Object> query) {
    return api.invoices(account, query);
  }
}
