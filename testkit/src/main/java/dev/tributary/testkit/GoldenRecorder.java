package dev.tributary.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.Tributary;
import dev.tributary.core.config.ConnectionConfig;
import dev.tributary.core.credential.CredentialProviders;
import dev.tributary.core.credential.EnvCredentialProvider;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Records golden files from the real vendor: runs the connector's full sync through the real
 * runtime against a WireMock proxy on loopback that forwards to the vendor, then scrubs every
 * exchange (secrets, token shapes, e-mails, declared personal fields, cookies, auth headers) in
 * memory, derives {@code expected-records.json} by replaying the scrubbed exchanges through the
 * connector, and only then writes files. {@link #drift(Path)} records again without writing and
 * reports how the vendor's answers now differ from the golden files.
 *
 * <pre>{@code
 * GoldenRecorder.builder(new StripeConnectorProvider())
 *     .secret("apiKey", System.getenv("STRIPE_TEST_KEY"))
 *     .output(Path.of("src/test/resources/golden"))
 *     .build()
 *     .recordAndWrite();
 * }</pre>
 *
 * <p>From the command line: {@code java ... dev.tributary.testkit.GoldenRecorder <providerClass>
 * <outputDir> [--vendor URL] [--secret name=ENV_VAR]... [--option name=value]... [--personal field]...};
 * secret values are read from the named environment variables, never from the command line.
 */
public final class GoldenRecorder {

  /** Response headers never recorded: transport details, cookies, and anything that may carry a credential. */
  private static final Set<String> DROPPED_HEADERS = Set.of("set-cookie", "cookie", "authorization", "date",
      "content-length", "content-encoding", "transfer-encoding", "connection", "server", "keep-alive",
      "matched-stub-id", "vary", "x-request-id", "request-id", "x-github-request-id");

  private final ConnectorProvider provider;
  private final ConnectorManifest manifest;
  private final URI vendor;
  private final Map<String, String> secrets;
  private final Map<String, String> options;
  private final List<String> streams;
  private final Path output;
  private final Scrubber scrubber;

  private GoldenRecorder(Builder b) {
    this.provider = b.provider;
    this.manifest = b.provider.manifest();
    this.vendor = b.vendor != null ? b.vendor : manifest.baseUrl();
    this.secrets = Map.copyOf(b.secrets);
    this.options = Map.copyOf(b.options);
    this.streams = b.streams.isEmpty() ? manifest.streams().stream().map(StreamSpec::name).toList() : List.copyOf(b.streams);
    this.output = b.output;
    Scrubber.Builder s = Scrubber.builder();
    secrets.forEach(s::secret);
    for (StreamSpec spec : manifest.streams()) {
      spec.personalFields().stream().map(PersonalField::path).forEach(s::personalField);
    }
    b.personal.forEach(s::personalField);
    this.scrubber = s.build();
  }

  public static Builder builder(ConnectorProvider provider) {
    return new Builder(provider);
  }

  /** What one recording holds per stream: scrubbed mappings (bodies inline) and the derived records. */
  public record Recording(Map<String, List<ObjectNode>> mappings, Map<String, List<GoldenRecord>> expected) {}

  /** How the vendor's current answers differ from the golden files, per finding. */
  public record Drift(List<String> findings) {
    public boolean isEmpty() {
      return findings.isEmpty();
    }
  }

  /** Records every stream, scrubbed, in memory. Nothing is written. */
  public Recording record() {
    Map<String, List<ObjectNode>> mappings = new LinkedHashMap<>();
    Map<String, List<GoldenRecord>> expected = new LinkedHashMap<>();
    for (String stream : streams) {
      List<ObjectNode> m = recordStream(stream);
      mappings.put(stream, m);
      expected.put(stream, derive(stream, m));
    }
    return new Recording(mappings, expected);
  }

  /** Records and writes the golden files under the output directory; returns the recording. */
  public Recording recordAndWrite() {
    if (output == null) {
      throw new IllegalStateException("no output directory: set GoldenRecorder.builder(...).output(path)");
    }
    Recording r = record();
    write(r, output);
    return r;
  }

  /** Records again (without writing) and compares with the golden files under {@code golden}. */
  public Drift drift(Path golden) {
    Recording now = record();
    Golden existing = Golden.locate(ContractSettings.builder().goldenDirectory(golden).build(), GoldenRecorder.class);
    List<String> findings = new ArrayList<>();
    for (String stream : streams) {
      Golden.StreamGolden g = existing.stream(stream);
      int before = g.mappings().size();
      int after = now.mappings().get(stream).size();
      if (before != after) {
        findings.add("stream '" + stream + "': the vendor now answers in " + after + " exchanges, the golden files hold " + before);
      }
      RecordDiff diff = RecordDiff.of(g.expected(), now.expected().get(stream), manifest.stream(stream).personalFields());
      diff.lines().forEach(l -> findings.add("stream '" + stream + "': " + l));
    }
    return new Drift(List.copyOf(findings));
  }

  private List<ObjectNode> recordStream(String stream) {
    WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
        .notifier(new ConsoleNotifier(false)));
    proxy.start();
    try {
      proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(vendor.toString())));
      Map<String, String> connectionOptions = new LinkedHashMap<>(options);
      try (Tributary t = runtime(URI.create(proxy.baseUrl()), connectionOptions)) {
        SyncResult r = t.sync(Rig.CONNECTION, stream, SyncStart.full());
        if (r.error().isPresent()) {
          throw new IllegalStateException("recording stream '" + stream + "' failed against " + vendor + ": "
              + scrubber.text(r.error().get().getMessage()));
        }
      }
      List<ServeEvent> events = new ArrayList<>(proxy.getAllServeEvents());
      events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
      List<ObjectNode> mappings = toMappings(stream, events);
      // Absolute URLs the vendor hands out (Link headers, next-page URLs) must lead back to the
      // golden server on replay, never to the real vendor.
      String vendorRoot = vendor.getScheme() + "://" + vendor.getRawAuthority();
      mappings.forEach(m -> Golden.editBodies(List.of(m), b -> b.replace(vendorRoot, Golden.BASE_URL)
          .replace(proxy.baseUrl(), Golden.BASE_URL)));
      for (ObjectNode m : mappings) {
        ObjectNode headers = (ObjectNode) m.get("response").get("headers");
        List<String> names = new ArrayList<>();
        headers.fieldNames().forEachRemaining(names::add);
        names.forEach(n -> headers.put(n, headers.get(n).asText().replace(vendorRoot, Golden.BASE_URL)
            .replace(proxy.baseUrl(), Golden.BASE_URL)));
      }
      return mappings;
    } finally {
      proxy.stop();
    }
  }

  private Tributary runtime(URI baseUrl, Map<String, String> connectionOptions) {
    Map<String, String> env = new LinkedHashMap<>();
    ConnectionConfig.Builder c = ConnectionConfig.builder(Rig.CONNECTION, manifest.id()).baseUrl(baseUrl);
    secrets.forEach((name, value) -> {
      String var = "RECORDER_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
      env.put(var, value);
      c.secret(name, "env:" + var);
    });
    connectionOptions.forEach(c::option);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Tributary.builder().connector(provider)
        .database("jdbc:h2:mem:recorder-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
        .credentials(CredentialProviders.of(List.of(new EnvCredentialProvider(env))))
        .tokenKeys(KeyService.builder().activeKey("recorder", Secret.of(Base64.getEncoder().encodeToString(key), "recorder")).build())
        .connection(c.build())
        .build();
  }

  /** Scrubbed WireMock mappings, bodies inline, one per exchange in request order. */
  private List<ObjectNode> toMappings(String stream, List<ServeEvent> events) {
    List<Map<String, String>> queries = new ArrayList<>();
    for (ServeEvent e : events) {
      queries.add(query(e.getRequest()));
    }
    Set<String> allParams = new LinkedHashSet<>();
    queries.forEach(q -> allParams.addAll(q.keySet()));
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      LoggedRequest req = events.get(i).getRequest();
      LoggedResponse res = events.get(i).getResponse();
      ObjectNode m = Golden.JSON.createObjectNode();
      m.put("name", String.format(Locale.ROOT, "%02d-%s", i + 1, stream));
      ObjectNode request = m.putObject("request");
      request.put("method", req.getMethod().getName());
      String path = URI.create(req.getUrl()).getRawPath();
      request.put("urlPath", scrubber.text(URLDecoder.decode(path, StandardCharsets.UTF_8)));
      ObjectNode qp = request.putObject("queryParameters");
      Map<String, String> q = queries.get(i);
      for (String p : allParams) {
        if (q.containsKey(p)) {
          qp.putObject(p).put("equalTo", scrubber.text(q.get(p)));
        } else {
          qp.putObject(p).put("absent", true);
        }
      }
      ObjectNode response = m.putObject("response");
      response.put("status", res.getStatus());
      ObjectNode headers = response.putObject("headers");
      boolean gzip = false;
      if (res.getHeaders() != null) {
        for (HttpHeader h : res.getHeaders().all()) {
          String name = h.key().toLowerCase(Locale.ROOT);
          if (name.equals("content-encoding") && h.firstValue().toLowerCase(Locale.ROOT).contains("gzip")) {
            gzip = true;
          }
          if (!DROPPED_HEADERS.contains(name)) {
            headers.put(h.key(), scrubber.text(String.join(", ", h.values())));
          }
        }
      }
      response.put("body", scrubBody(body(res, gzip)));
      out.add(m);
    }
    return out;
  }

  private static Map<String, String> query(LoggedRequest req) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = URI.create(req.getUrl()).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.put(k, v);
      }
    }
    return q;
  }

  private static String body(LoggedResponse res, boolean gzip) {
    byte[] bytes = res.getBody();
    if (bytes == null) {
      return "";
    }
    if (gzip) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        // Not gzip after all (the proxy may have decoded it): keep the bytes as they are.
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String scrubBody(String body) {
    try {
      JsonNode tree = Golden.JSON.readTree(body);
      if (tree != null && (tree.isObject() || tree.isArray())) {
        return Golden.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(scrubber.json(tree));
      }
    } catch (JsonProcessingException e) {
      // Not JSON: scrub as text.
    }
    return scrubber.text(body);
  }

  /** The records the connector maps from the scrubbed exchanges: replayed through the kit's golden server. */
  private List<GoldenRecord> derive(String stream, List<ObjectNode> mappings) {
    ContractSettings.Builder s = ContractSettings.builder();
    secrets.keySet().forEach(name -> s.secret(name, "recorder-placeholder-" + name));
    options.forEach((k, v) -> {
      if (!k.equals("tokenUrl")) {
        s.option(k, v);
      }
    });
    List<ObjectNode> copies = mappings.stream().map(ObjectNode::deepCopy).toList();
    try (Rig rig = new Rig(provider, s.build(), copies, Rig.TokenEndpoint.GRANTS)) {
      Rig.Run run = rig.sync(stream, SyncStart.full());
      if (!run.done()) {
        throw new IllegalStateException("replaying the scrubbed recording of stream '" + stream + "' failed: "
            + ContractChecks.describe(run) + ". A scrubber may have removed a value the connector needs (an id?)");
      }
      return rig.records(stream);
    }
  }

  /** Writes a recording as golden files: {@code <stream>/mappings}, {@code __files}, {@code expected-records.json}. */
  public static void write(Recording recording, Path dir) {
    try {
      for (var e : recording.mappings().entrySet()) {
        Path streamDir = dir.resolve(e.getKey());
        Files.createDirectories(streamDir.resolve("mappings"));
        Files.createDirectories(streamDir.resolve("__files"));
        for (ObjectNode m : e.getValue()) {
          ObjectNode copy = m.deepCopy();
          String file = copy.get("name").asText() + ".json";
          ObjectNode response = (ObjectNode) copy.get("response");
          Files.writeString(streamDir.resolve("__files").resolve(file), response.remove("body").asText());
          response.put("bodyFileName", file);
          copy.remove("name");
          Files.writeString(streamDir.resolve("mappings").resolve(file), pretty(copy));
        }
        ArrayNode records = Golden.JSON.createArrayNode();
        for (GoldenRecord r : recording.expected().get(e.getKey())) {
          ObjectNode o = records.addObject();
          o.put("externalId", r.externalId());
          o.put("updatedAt", r.updatedAt().toString());
          o.put("deleted", r.deleted());
          o.set("payload", r.payload());
        }
        Files.writeString(streamDir.resolve("expected-records.json"), pretty(records));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing golden files under " + dir + " failed", e);
    }
  }

  private static String pretty(JsonNode node) throws JsonProcessingException {
    return Golden.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
  }

  /** Command line: see the class documentation. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: GoldenRecorder <providerClass> <outputDir> [--vendor URL]"
          + " [--secret name=ENV_VAR]... [--option name=value]... [--personal field]... [--stream name]...");
    }
    ConnectorProvider provider = (ConnectorProvider) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    Builder b = builder(provider).output(Path.of(args[1]));
    for (int i = 2; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      int eq = v.indexOf('=');
      switch (args[i]) {
        case "--vendor" -> b.vendor(URI.create(v));
        case "--secret" -> {
          String value = System.getenv(v.substring(eq + 1));
          if (eq < 0 || value == null) {
            throw new IllegalArgumentException("--secret " + v + ": expected name=ENV_VAR naming a set environment variable");
          }
          b.secret(v.substring(0, eq), value);
        }
        case "--option" -> b.option(v.substring(0, eq), v.substring(eq + 1));
        case "--personal" -> b.personalField(v);
        case "--stream" -> b.stream(v);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Recording r = b.build().recordAndWrite();
    r.mappings().forEach((s, m) -> System.out.println("recorded stream '" + s + "': " + m.size() + " exchanges, "
        + r.expected().get(s).size() + " records"));
  }

  /** Configures a {@link GoldenRecorder}. Not thread-safe. */
  public static final class Builder {
    private final ConnectorProvider provider;
    private URI vendor;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> streams = new ArrayList<>();
    private final List<String> personal = new ArrayList<>();
    private Path output;

    private Builder(ConnectorProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** The vendor to record from; default the manifest's base URL. */
    public Builder vendor(URI url) {
      vendor = Objects.requireNonNull(url, "vendor");
      return this;
    }

    /** A real credential, by the auth scheme's secret name; scrubbed from everything recorded. */
    public Builder secret(String name, String value) {
      secrets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** A connection option, e.g. {@code tokenUrl} for the vendor's token endpoint. */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Records only {@code name} (repeatable); default every stream. */
    public Builder stream(String name) {
      streams.add(Objects.requireNonNull(name, "stream"));
      return this;
    }

    /** A vendor JSON field to treat as personal besides the streams' declared personal fields. */
    public Builder personalField(String name) {
      personal.add(Objects.requireNonNull(name, "personalField"));
      return this;
    }

    /** Where {@link #recordAndWrite()} writes, e.g. {@code src/test/resources/golden}. */
    public Builder output(Path dir) {
      output = Objects.requireNonNull(dir, "output");
      return this;
    }

    /** @throws IllegalArgumentException naming an unknown stream or an unusable vendor URL */
    public GoldenRecorder build() {
      ConnectorManifest m = provider.manifest();
      for (String s : streams) {
        if (m.stream(s) == null) {
          throw new IllegalArgumentException("connector '" + m.id() + "' has no stream '" + s + "'");
        }
      }
      if (Rig.TOKEN_SCHEMES.contains(m.auth().type()) && !options.containsKey("tokenUrl")
          && m.auth().param("tokenUrl") == null) {
        throw new IllegalArgumentException("connector '" + m.id() + "' uses " + m.auth().type()
            + ": give the vendor's token endpoint with option(\"tokenUrl\", ...)");
      }
      if (m.auth().type().equals(AuthScheme.NONE) && !secrets.isEmpty()) {
        throw new IllegalArgumentException("connector '" + m.id() + "' uses no authentication, but secrets were given");
      }
      return new GoldenRecorder(this);
    }
  }
}
