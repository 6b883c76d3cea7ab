package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A repository as {@code GET /orgs/{org}/repos} lists it; also the stored payload. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RepositoryDto(
    @JsonProperty("id") Long id,
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("name") String name,
    @JsonProperty("full_name") String fullName,
    @JsonProperty("private") boolean isPrivate,
    @JsonProperty("owner") UserDto owner,
    @JsonProperty("html_url") String htmlUrl,
    @JsonProperty("description") String description,
    @JsonProperty("fork") boolean fork,
    @JsonProperty("archived") boolean archived,
    @JsonProperty("disabled") boolean disabled,
    @JsonProperty("visibility") String visibility,
    @JsonProperty("default_branch") String defaultBranch,
    @JsonProperty("language") String language,
    @JsonProperty("topics") List<String> topics,
    @JsonProperty("stargazers_count") int stargazersCount,
    @JsonProperty("forks_count") int forksCount,
    @JsonProperty("open_issues_count") int openIssuesCount,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("pushed_at") String pushedAt) {

  /** The top-level fields above, for the stream's drift check. */
  static final String[] FIELDS = {"id", "node_id", "name", "full_name", "private", "owner", "html_url", "description",
      "fork", "archived", "disabled", "visibility", "default_branch", "language", "topics", "stargazers_count",
      "forks_count", "open_issues_count", "created_at", "updated_at", "pushed_at"};
}
