package dev.tributary.connector.hubspot;

import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;

/** HubSpot deals. */
final class DealsStream extends CrmStream {

  static final StreamSpec SPEC = StreamSpec.builder("deals")
      .requiredFields("id", "properties", "updatedAt")
      .expectedFields(CrmObjectDto.FIELDS)
      .build();

  @Inject
  DealsStream(HubSpotApi api) {
    super(api, "deals", "hs_lastmodifieddate",
        "dealname", "amount", "dealstage", "pipeline", "closedate", "createdate", "hs_lastmodifieddate");
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }
}
