package dev.tributary.connector.hubspot;

import java.util.List;

/**
 * What a contact upsert did.
 *
 * @param created ids of the contacts created
 * @param updated ids of the existing contacts updated
 * @param errors HubSpot's error category and message per input that failed (a {@code 207} answer)
 */
public record UpsertedContacts(List<String> created, List<String> updated, List<String> errors) {}
