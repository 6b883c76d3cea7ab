package dev.tributary.connector.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An issue or pull-request label. */
@JsonIgnoreProperties(ignoreUnknown = true)
record LabelDto(
    @JsonProperty("id") long id,
    @JsonProperty("name") String name,
    @JsonProperty("color") String color) {}
