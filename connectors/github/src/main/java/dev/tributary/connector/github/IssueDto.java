package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An issue as {@code GET /repos/{owner}/{repo}/issues} lists it; also the stored payload. The
 * listing returns pull requests too, marked by a {@code pull_request} object: it is read (to skip
 * those items) but never written.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record IssueDto(
    @JsonProperty("id") Long id,
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("number") Integer number,
    @JsonProperty("title") String title,
    @JsonProperty("user") UserDto user,
    @JsonProperty("labels") List<LabelDto> labels,
    @JsonProperty("state") String state,
    @JsonProperty("state_reason") String stateReason,
    @JsonProperty("locked") boolean locked,
    @JsonProperty("assignees") List<UserDto> assignees,
    @JsonProperty("comments") int comments,
    @JsonProperty("author_association") String authorAssociation,
    @JsonProperty("html_url") String htmlUrl,
    @JsonProperty("body") String body,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty(value = "pull_request", access = JsonProperty.Access.WRITE_ONLY) JsonNode pullRequest) {

  static final String[] FIELDS = {"id", "node_id", "number", "title", "user", "labels", "state", "state_reason",
      "locked", "assignees", "comments", "author_association", "html_url", "body", "created_at", "updated_at",
      "closed_at"};

  /** True for the pull requests the issues listing mixes in. */
  boolean isPullRequest() {
    return pullRequest != null && !pullRequest.isNull();
  }
}
