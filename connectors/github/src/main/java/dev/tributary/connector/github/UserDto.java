package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A GitHub account as embedded in issues, pull requests and repositories (the "simple user"). */
@JsonIgnoreProperties(ignoreUnknown = true)
record UserDto(
    @JsonProperty("login") String login,
    @JsonProperty("id") long id,
    @JsonProperty("type") String type) {}
