package dev.tributary.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The golden files of one connector (see the connector guide): per stream, WireMock mappings
 * with their bodies, and the records a full sync must produce. Bodies are inlined on load, so the
 * kit can mutate them (malformed, truncated, drifted) without touching the files.
 */
final class Golden {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  private Golden(Path root) {
    this.root = root;
  }

  /** Finds the golden directory from the settings, resolving a resource with {@code anchor}'s loader. */
  static Golden locate(ContractSettings settings, Class<?> anchor) {
    if (settings.goldenDirectory().isPresent()) {
      Path dir = settings.goldenDirectory().get();
      if (!Files.isDirectory(dir)) {
        throw new AssertionError("golden directory " + dir.toAbsolutePath() + " does not exist: record golden files"
            + " (GoldenRecorder) or fix ContractSettings.goldenDirectory");
      }
      return new Golden(dir);
    }
    String resource = settings.goldenResource();
    URL url = anchor.getClassLoader().getResource(resource);
    if (url == null) {
      throw new AssertionError("no golden directory '" + resource + "' on the test class path: put the golden files"
          + " under src/test/resources/" + resource + "/<stream>/ (mappings/, __files/, expected-records.json)");
    }
    if (!"file".equals(url.getProtocol())) {
      throw new AssertionError("golden directory '" + resource + "' is inside " + url + ": the kit reads golden files"
          + " from a directory; use ContractSettings.goldenDirectory(Path)");
    }
    try {
      return new Golden(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new AssertionError("golden directory URL " + url + " is not a path", e);
    }
  }

  Path root() {
    return root;
  }

  /** The golden files of {@code stream}. */
  StreamGolden stream(String stream) {
    Path dir = root.resolve(stream);
    Path mappingsDir = dir.resolve("mappings");
    if (!Files.isDirectory(mappingsDir)) {
      throw new AssertionError("stream '" + stream + "' has no golden mappings: expected " + mappingsDir
          + " (WireMock stub mappings, one per recorded exchange)");
    }
    List<ObjectNode> mappings = new ArrayList<>();
    try (Stream<Path> files = Files.list(mappingsDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        mappings.add(normalize(f, dir.resolve("__files")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (mappings.isEmpty()) {
      throw new AssertionError("stream '" + stream + "': " + mappingsDir + " holds no *.json mapping");
    }
    Path expected = dir.resolve("expected-records.json");
    if (!Files.isRegularFile(expected)) {
      throw new AssertionError("stream '" + stream + "' has no " + expected
          + ": list the records a full sync of the golden pages must produce");
    }
    return new StreamGolden(stream, List.copyOf(mappings), readExpected(expected));
  }

  /** A mapping with its body inlined, a fresh id and no Authorization matcher (the kit checks auth itself). */
  private static ObjectNode normalize(Path file, Path filesDir) {
    ObjectNode m;
    try {
      m = (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException | ClassCastException e) {
      throw new AssertionError("golden mapping " + file + " is not a JSON object: " + e.getMessage());
    }
    m.put("id", UUID.randomUUID().toString());
    m.remove("uuid");
    m.put("name", file.getFileName().toString());
    JsonNode request = m.get("request");
    if (request instanceof ObjectNode req && req.get("headers") instanceof ObjectNode headers) {
      for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
        if (it.next().toLowerCase(Locale.ROOT).equals("authorization")) {
          it.remove();
        }
      }
    }
    if (!(m.get("response") instanceof ObjectNode response)) {
      throw new AssertionError("golden mapping " + file + " has no response object");
    }
    JsonNode bodyFile = response.remove("bodyFileName");
    if (bodyFile != null) {
      Path body = filesDir.resolve(bodyFile.asText());
      try {
        response.put("body", Files.readString(body));
      } catch (IOException e) {
        throw new AssertionError("golden mapping " + file + " names body file " + body + ", which cannot be read: " + e);
      }
    }
    JsonNode jsonBody = response.remove("jsonBody");
    if (jsonBody != null) {
      response.put("body", jsonBody.toString());
    }
    return m;
  }

  private static List<GoldenRecord> readExpected(Path file) {
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage());
    }
    if (!tree.isArray()) {
      throw new AssertionError(file + " must be a JSON array of {externalId, updatedAt, deleted, payload}");
    }
    List<GoldenRecord> out = new ArrayList<>();
    int i = 0;
    for (JsonNode r : tree) {
      String where = file.getFileName() + " element " + i++;
      JsonNode id = r.get("externalId");
      JsonNode updated = r.get("updatedAt");
      JsonNode payload = r.get("payload");
      if (id == null || !id.isTextual() || updated == null || payload == null) {
        throw new AssertionError(where + " needs externalId (text), updatedAt (ISO instant) and payload");
      }
      try {
        out.add(new GoldenRecord(id.asText(), Instant.parse(updated.asText()), r.path("deleted").asBoolean(false), payload));
      } catch (DateTimeParseException e) {
        throw new AssertionError(where + ": updatedAt '" + updated.asText() + "' is not an ISO-8601 instant");
      }
    }
    return List.copyOf(out);
  }

  /** One stream's golden exchanges. */
  record StreamGolden(String stream, List<ObjectNode> mappings, List<GoldenRecord> expected) {

    /** Deep copies of the mappings, for a server of their own. */
    List<ObjectNode> copies() {
      return mappings.stream().map(ObjectNode::deepCopy).toList();
    }
  }

  /**
   * The placeholder for the golden server's own base URL in response bodies and headers, e.g. a
   * GitHub {@code Link: <{{baseUrl}}/repos/o/r/issues?page=2>; rel="next"}: absolute vendor URLs
   * must point back at the golden server, never at the real vendor.
   */
  static final String BASE_URL = "{{baseUrl}}";

  /** A copy of {@code mapping} with {@link #BASE_URL} in its response body and headers replaced by {@code baseUrl}. */
  static ObjectNode withBaseUrl(ObjectNode mapping, String baseUrl) {
    ObjectNode copy = mapping.deepCopy();
    if (copy.get("response") instanceof ObjectNode response) {
      if (response.get("body") != null && response.get("body").isTextual()) {
        response.put("body", response.get("body").asText().replace(BASE_URL, baseUrl));
      }
      if (response.get("headers") instanceof ObjectNode headers) {
        List<String> names = new ArrayList<>();
        headers.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          JsonNode v = headers.get(name);
          if (v.isTextual()) {
            headers.put(name, v.asText().replace(BASE_URL, baseUrl));
          } else if (v instanceof ArrayNode values) {
            ArrayNode replaced = headers.putArray(name);
            values.forEach(x -> replaced.add(x.asText().replace(BASE_URL, baseUrl)));
          }
        }
      }
    }
    return copy;
  }

  // --- mutations of mapping lists ---

  static String body(ObjectNode mapping) {
    return mapping.path("response").path("body").asText("");
  }

  static void setBody(ObjectNode mapping, String body) {
    ((ObjectNode) mapping.get("response")).put("body", body);
  }

  /** Answers {@code target}'s request with {@code source}'s response. */
  static void replaceResponse(ObjectNode target, ObjectNode source) {
    target.set("response", source.get("response").deepCopy());
  }

  /**
   * Edits, in {@code body}, every JSON object that holds all of {@code required}; returns the new
   * body, or {@code null} when the body is not JSON or no object qualified.
   */
  static String editItems(String body, Set<String> required, Consumer<ObjectNode> edit) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
    int[] edited = {0};
    walk(tree, n -> {
      for (String r : required) {
        if (!n.has(r)) {
          return;
        }
      }
      edit.accept(n);
      edited[0]++;
    });
    return edited[0] == 0 ? null : tree.toString();
  }

  private static void walk(JsonNode node, Consumer<ObjectNode> visit) {
    if (node instanceof ObjectNode o) {
      List<JsonNode> children = new ArrayList<>();
      o.elements().forEachRemaining(children::add);
      visit.accept(o);
      children.forEach(c -> walk(c, visit));
    } else if (node instanceof ArrayNode a) {
      a.forEach(c -> walk(c, visit));
    }
  }

  /** Applies {@code edit} to every mapping's body; returns how many bodies changed. */
  static int editBodies(List<ObjectNode> mappings, UnaryOperator<String> edit) {
    int changed = 0;
    for (ObjectNode m : mappings) {
      String before = body(m);
      String after = edit.apply(before);
      if (after != null && !after.equals(before)) {
        setBody(m, after);
        changed++;
      }
    }
    return changed;
  }
}
