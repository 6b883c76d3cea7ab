package dev.tributary.core.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.queue.JobContext;
import dev.tributary.core.queue.JobHandler;
import dev.tributary.core.queue.JobRequest;
import dev.tributary.core.queue.PermanentJobException;
import dev.tributary.core.privacy.PersonalDataService;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Jobs of kind {@value #KIND}: purge one stream's records not seen for a retention period (see
 * {@link PersonalDataService#purgeExpired}). Idempotent: a repeat purges only what expired since.
 * It lives here, not in {@code core.privacy}, so that package stays free of the queue (and of cycles).
 */
public final class RetentionJobHandler implements JobHandler {

  /** The job kind. */
  public static final String KIND = "retention";

  private final PersonalDataService service;

  public RetentionJobHandler(PersonalDataService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** A retention job for one stream, deduplicated per stream. */
  public static JobRequest.Builder request(String connectionId, String stream, Duration retention) {
    return JobRequest.builder(KIND)
        .connectionId(connectionId)
        .dedupeKey("retention:" + connectionId + ":" + stream)
        .payload(Map.of("connectionId", connectionId, "stream", stream, "retention", retention.toString()));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void handle(JobContext job) {
    JsonNode p = job.payload();
    String connectionId = p.path("connectionId").asText("");
    String stream = p.path("stream").asText("");
    if (connectionId.isEmpty() || stream.isEmpty()) {
      throw new PermanentJobException("retention job " + job.id() + " names no connectionId or stream");
    }
    Duration retention;
    try {
      retention = Duration.parse(p.path("retention").asText(""));
    } catch (DateTimeParseException e) {
      throw new PermanentJobException("retention job " + job.id() + ": retention '" + p.path("retention").asText("")
          + "' is not an ISO-8601 duration such as P30D");
    }
    try {
      service.purgeExpired(connectionId, stream, retention);
    } catch (IllegalArgumentException e) {
      throw new PermanentJobException(e.getMessage(), e);
    }
  }
}
