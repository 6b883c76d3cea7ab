package ${package};

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One item as the vendor sends it. */
record ItemDto(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("owner_email") String ownerEmail,
    @JsonProperty("updated_at") Instant updatedAt) {}
