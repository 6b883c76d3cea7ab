package dev.tributary.core.store;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON the record table stores. */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // Stable output for stable content hashes: bean properties in a fixed order (decided once
      // per class, free at run time). Map entries keep their order rather than being sorted per
      // record, which is measurably slow: a vendor that reorders keys costs one rewrite.
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private Json() {}

  /**
   * A shared mapper: ISO-8601 dates, bean properties sorted so content hashes are stable.
   * Do not reconfigure it.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
