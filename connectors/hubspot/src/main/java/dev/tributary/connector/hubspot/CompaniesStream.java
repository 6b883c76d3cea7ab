package dev.tributary.connector.hubspot;

import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;

/** HubSpot companies. */
final class CompaniesStream extends CrmStream {

  static final StreamSpec SPEC = StreamSpec.builder("companies")
      .requiredFields("id", "properties", "updatedAt")
      .expectedFields(CrmObjectDto.FIELDS)
      .build();

  @Inject
  CompaniesStream(HubSpotApi api) {
    super(api, "companies", "hs_lastmodifieddate",
        "name", "domain", "industry", "numberofemployees", "createdate", "hs_lastmodifieddate");
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }
}
