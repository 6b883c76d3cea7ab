package dev.tributary.connector.hubspot;

import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;

/** HubSpot contacts; contacts keep their last-modified time in {@code lastmodifieddate}. */
final class ContactsStream extends CrmStream {

  static final StreamSpec SPEC = StreamSpec.builder("contacts")
      .requiredFields("id", "properties", "updatedAt")
      .expectedFields(CrmObjectDto.FIELDS)
      .personal("properties.email", PersonalField.Classification.IDENTIFIER)
      .personal("properties.firstname", PersonalField.Classification.CONTACT)
      .personal("properties.lastname", PersonalField.Classification.CONTACT)
      .personal("properties.phone", PersonalField.Classification.CONTACT)
      .build();

  @Inject
  ContactsStream(HubSpotApi api) {
    super(api, "contacts", "lastmodifieddate",
        "email", "firstname", "lastname", "lifecyclestage", "hs_analytics_source", "createdate", "lastmodifieddate");
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }
}
