package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A pull request as {@code GET /repos/{owner}/{repo}/pulls} lists it; also the stored payload. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PullRequestDto(
    @JsonProperty("id") Long id,
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("number") Integer number,
    @JsonProperty("title") String title,
    @JsonProperty("user") UserDto user,
    @JsonProperty("labels") List<LabelDto> labels,
    @JsonProperty("state") String state,
    @JsonProperty("draft") boolean draft,
    @JsonProperty("locked") boolean locked,
    @JsonProperty("assignees") List<UserDto> assignees,
    @JsonProperty("requested_reviewers") List<UserDto> requestedReviewers,
    @JsonProperty("head") Ref head,
    @JsonProperty("base") Ref base,
    @JsonProperty("merge_commit_sha") String mergeCommitSha,
    @JsonProperty("author_association") String authorAssociation,
    @JsonProperty("html_url") String htmlUrl,
    @JsonProperty("body") String body,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("closed_at") String closedAt,
    @JsonProperty("merged_at") String mergedAt) {

  static final String[] FIELDS = {"id", "node_id", "number", "title", "user", "labels", "state", "draft", "locked",
      "assignees", "requested_reviewers", "head", "base", "merge_commit_sha", "author_association", "html_url",
      "body", "created_at", "updated_at", "closed_at", "merged_at"};

  /** A branch end of the pull request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Ref(@JsonProperty("label") String label, @JsonProperty("ref") String ref, @JsonProperty("sha") String sha) {}
}
