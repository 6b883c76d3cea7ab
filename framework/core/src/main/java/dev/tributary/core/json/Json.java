package dev.tributary.core.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The framework's Jackson configurations, in one place. */
public final class Json {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Canonical output: the same record always hashes the same, whatever the map implementation.
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Json() {}

  /**
   * A mapper for vendor JSON: tolerant of fields it does not know (vendors add them all the time;
   * drift detection reports them), strict about size and depth so a hostile or broken response
   * cannot exhaust memory or stack.
   */
  public static ObjectMapper newMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64)
        .maxStringLength(5_000_000)
        .maxNumberLength(100)
        .build());
    return mapper;
  }

  /**
   * The shared mapper for what the framework stores: ISO-8601 dates, properties and map keys
   * sorted so content hashes are stable. Do not reconfigure it.
   */
  public static ObjectMapper canonical() {
    return CANONICAL;
  }
}
