package dev.tributary.connector.stripe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A customer to create, or to update when {@code customerId} is set. Null fields are left as they
 * are; {@code metadata} entries are merged into the customer's metadata.
 *
 * @param customerId the {@code cus_...} id to update, or null to create
 * @param account the connected account ({@code acct_...}) to write for, or null for the key's own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerInput(
    @JsonProperty("customerId") String customerId,
    @JsonProperty("email") String email,
    @JsonProperty("name") String name,
    @JsonProperty("phone") String phone,
    @JsonProperty("description") String description,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("account") String account) {

  /** Names the customer id only: the rest is personal data. */
  @Override
  public String toString() {
    return "CustomerInput[customerId=" + customerId + ", account=" + account + "]";
  }
}
