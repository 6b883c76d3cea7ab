package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** Vendor record templates taken from the vendors' published samples (fictitious data). */
final class Templates {

  private Templates() {}

  static ObjectNode load(ObjectMapper json, String name) {
    try (InputStream in = Templates.class.getResourceAsStream("/sandbox/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sandbox template " + name + " is missing from the host jar");
      }
      return (ObjectNode) json.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("sandbox template " + name + " is unreadable", e);
    }
  }

  /** Deterministic timestamps: record {@code i} changes at base + i * step seconds. */
  static Instant at(Instant base, long i, long stepSeconds) {
    return base.plusSeconds(i * stepSeconds);
  }

  static final String[] FIRST = {"Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea"};
  static final String[] LAST = {"Lima", "Berg", "Wu", "Okafor", "Novak", "Silva", "Haas", "Sato", "Ruiz", "Moreau"};
}
