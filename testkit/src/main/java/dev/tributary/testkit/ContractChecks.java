package dev.tributary.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.errors.EgressDeniedException;
import dev.tributary.api.errors.MalformedResponseException;
import dev.tributary.api.errors.ReauthorizationRequiredException;
import dev.tributary.api.errors.VendorRequestException;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.DriftPolicy;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Sink;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.sync.SyncException;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.tributary.testkit.arch.ArchitectureRules;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * The contract checks, one method each, runnable on their own (the {@link ConnectorContractKit}
 * turns them into JUnit tests). Every check builds its own golden server and runtime, so checks
 * are independent. A failed check throws {@link AssertionError} whose message names the broken
 * behaviour and how to fix it; a check that does not apply (a single-page golden set, a connector
 * without tokens) throws {@link TestAbortedException} saying why.
 *
 * <p>Thread-safe: no state beyond the provider, settings and loaded golden files.
 */
public final class ContractChecks {

  /** The field the drift check adds to every vendor item. */
  public static final String ADDED_FIELD = "contractKitAddedField";
  static final int RETRY_AFTER_SECONDS = 7;

  private final ConnectorProvider provider;
  private final ContractSettings settings;
  private final ConnectorManifest manifest;
  private final Golden golden;

  /**
   * @param anchor a class whose class loader sees the golden resource (the contract test class)
   * @throws AssertionError when the golden directory cannot be found
   */
  public ContractChecks(ConnectorProvider provider, ContractSettings settings, Class<?> anchor) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.manifest = Objects.requireNonNull(provider.manifest(), "provider.manifest()");
    this.golden = Golden.locate(settings, anchor);
  }

  public ConnectorManifest manifest() {
    return manifest;
  }

  /** True when the connector authenticates with OAuth2 tokens the kit can serve. */
  public boolean usesTokens() {
    return Rig.TOKEN_SCHEMES.contains(manifest.auth().type());
  }

  // --- manifest ---

  /** The manifest is valid, every stream has golden files, and the runtime wires the connector. */
  public void manifestIsValid() {
    List<String> problems = new ArrayList<>(manifest.problems());
    for (StreamSpec s : manifest.streams()) {
      try {
        golden.stream(s.name());
      } catch (AssertionError e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("manifest of connector '" + manifest.id() + "' is not valid:\n  " + String.join(";\n  ", problems));
    }
    try (Rig rig = rig(manifest.streams().get(0).name())) {
      Objects.requireNonNull(rig.runtime);
    }
  }

  // --- per stream: golden syncs ---

  /** A full sync of the golden pages yields exactly the golden records, asking only what the golden files answer. */
  public void fullSyncYieldsGoldenRecords(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "a full sync of the golden pages of stream '" + stream + "'", rig);
      requireOnlyGoldenRequests(rig, stream);
      requireGolden(rig, g, "after a full sync of the golden pages");
    }
  }

  /**
   * A run that stopped after page k (the sink fails on page k+1, as in a crash) and resumes with
   * {@code SyncStart.from(the cursor it stored)} ends with the golden records and the same final
   * cursor as an uninterrupted run, for every page boundary k.
   */
  public void resumingFromEveryPageBoundaryYieldsTheSameState(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    int pages;
    Optional<Cursor> finalCursor;
    try (Rig rig = rig(stream)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "a full sync of stream '" + stream + "'", rig);
      pages = run.result().pages();
      finalCursor = rig.cursor(stream);
    }
    if (pages < 2) {
      throw new TestAbortedException("stream '" + stream + "' has a single golden page: there is no page boundary to"
          + " resume from; record at least two pages to check resumption");
    }
    for (int k = 1; k < pages; k++) {
      try (Rig rig = rig(stream)) {
        Sink crashing = crashAfter(k, rig.runtime.service(Sink.class));
        Rig.Run crashed = rig.sync(stream, SyncStart.full(), crashing, maxRequests(g));
        if (crashed.result() == null || crashed.result().pages() != k) {
          throw new AssertionError("stream '" + stream + "': a run whose sink fails on page " + (k + 1)
              + " should commit exactly " + k + " pages, but " + describe(crashed));
        }
        int committed = k;
        Cursor boundary = rig.cursor(stream).orElseThrow(() -> new AssertionError("stream '" + stream
            + "': no cursor was stored after " + committed + " committed pages"));
        Rig.Run resumed = rig.sync(stream, SyncStart.from(boundary), null, maxRequests(g));
        String when = "after resuming from page " + (k + 1) + " (cursor '" + boundary.value() + "')";
        requireDone(resumed, "stream '" + stream + "' " + when, rig);
        requireGolden(rig, g, when);
        if (!rig.cursor(stream).equals(finalCursor)) {
          throw new AssertionError("stream '" + stream + "' " + when + ": the final cursor is "
              + rig.cursor(stream).map(Cursor::value).orElse("<none>") + " but an uninterrupted run ends at "
              + finalCursor.map(Cursor::value).orElse("<none>") + ": the cursor must say where the stream is, not how it got there");
        }
      }
    }
  }

  /** A second full sync of the same golden pages writes nothing: the mapped records are deterministic. */
  public void replayWritesNothing(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      requireDone(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), "the first full sync of stream '" + stream + "'", rig);
      Rig.Run replay = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(replay, "the replay of stream '" + stream + "'", rig);
      if (replay.result().written() != 0) {
        throw new AssertionError("replaying the golden pages of stream '" + stream + "' wrote " + replay.result().written()
            + " records again (of " + replay.result().records() + "): the mapper's output is not deterministic (does it"
            + " stamp the current time, a random id, or an unordered collection into the payload?)");
      }
      requireGolden(rig, g, "after replaying the golden pages");
    }
  }

  /**
   * The kit answers page 2's request with page 1's response, so the vendor hands back a cursor the
   * run already read: the run must stop with a cursor-cycle error within a bounded number of requests.
   */
  public void repeatedCursorIsDetected(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    List<Integer> order = goldenOrder(stream, g);
    if (order.size() < 2) {
      throw new TestAbortedException("stream '" + stream + "' has a single golden page: record at least two pages to"
          + " check repeated-cursor detection");
    }
    List<ObjectNode> mappings = g.copies();
    Golden.replaceResponse(mappings.get(order.get(1)), mappings.get(order.get(0)));
    int limit = order.size() + 3;
    try (Rig rig = new Rig(provider, settings, mappings, Rig.TokenEndpoint.GRANTS)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, limit);
      if (run.cutOff()) {
        throw new AssertionError("stream '" + stream + "' loops on a repeated vendor cursor: after the kit served page 1's"
            + " response again for page 2's request, the connector made " + run.requests() + " requests without stopping"
            + " (the kit cut it off after " + limit + "). Return one vendor page per read() and let the engine follow"
            + " the cursors: it detects a cursor it already read");
      }
      Optional<SyncException> error = run.result() == null ? Optional.empty() : run.result().error();
      if (error.isEmpty() || error.get().kind() != SyncException.Kind.CURSOR_CYCLE) {
        throw new AssertionError("stream '" + stream + "': a repeated vendor cursor went undetected (page 2's request"
            + " was answered with page 1's response): expected the run to stop with a cursor-cycle error, but "
            + describe(run) + ". Return the vendor's own next cursor from read()");
      }
    }
  }

  /** A page whose body is not JSON stops the run with a clear error, the page unwritten and the cursor not advanced. */
  public void malformedBodyIsAnErrorAndTheCursorStays(String stream) {
    brokenBody(stream, "malformed", body -> "{\"contract-kit\": this is not JSON <html>");
  }

  /** A page whose body is cut in half stops the run with a clear error, the cursor not advanced. */
  public void truncatedBodyIsAnErrorAndTheCursorStays(String stream) {
    brokenBody(stream, "truncated", body -> body.substring(0, Math.max(1, body.length() / 2)));
  }

  private void brokenBody(String stream, String what, java.util.function.UnaryOperator<String> breakIt) {
    Golden.StreamGolden g = golden.stream(stream);
    List<Integer> order = goldenOrder(stream, g);
    int target = order.size() >= 2 ? 1 : 0;
    Optional<Cursor> before = Optional.empty();
    if (target == 1) {
      try (Rig rig = rig(stream)) {
        rig.sync(stream, SyncStart.full(), crashAfter(1, rig.runtime.service(Sink.class)), maxRequests(g));
        before = rig.cursor(stream);
      }
    }
    List<ObjectNode> mappings = g.copies();
    ObjectNode broken = mappings.get(order.get(target));
    Golden.setBody(broken, breakIt.apply(Golden.body(broken)));
    try (Rig rig = new Rig(provider, settings, mappings, Rig.TokenEndpoint.GRANTS)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      String page = "page " + (target + 1);
      Optional<Cursor> after = rig.cursor(stream);
      if (run.result() != null && run.result().pages() > target) {
        throw new AssertionError("stream '" + stream + "' advanced the cursor past a " + what + " page: the kit served a "
            + what + " body for " + page + ", yet the run committed " + run.result().pages() + " pages and moved the"
            + " cursor from " + show(before) + " to " + show(after) + " (records of that page are lost). Let the"
            + " framework's MalformedResponseException propagate from read(); never swallow a parse error");
      }
      if (run.result() == null || run.result().error().isEmpty()) {
        throw new AssertionError("stream '" + stream + "': a " + what + " body on " + page + " did not fail the run: " + describe(run));
      }
      if (!after.equals(before)) {
        throw new AssertionError("stream '" + stream + "': after a " + what + " body on " + page + " the cursor moved from "
            + show(before) + " to " + show(after));
      }
      if (!hasCause(run.result().error().get(), MalformedResponseException.class)) {
        throw new AssertionError("stream '" + stream + "': a " + what + " body on " + page + " should fail with the"
            + " framework's MalformedResponseException, but the run failed with: " + run.result().error().get().getMessage());
      }
    }
  }

  /** A field added to every vendor item is reported per the stream's drift policy, and the sync still yields the golden records under WARN. */
  public void addedFieldIsReportedPerDriftPolicy(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    StreamSpec spec = spec(stream);
    List<ObjectNode> mappings = driftMappings(g, spec, n -> n.put(ADDED_FIELD, "added by the contract kit"), "add a field");
    boolean trees = itemsAreTrees(stream);
    try (Rig rig = new Rig(provider, settings, mappings, Rig.TokenEndpoint.GRANTS)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      if (spec.driftPolicy() == DriftPolicy.FAIL) {
        if (!trees) {
          throw new AssertionError("stream '" + stream + "' declares DriftPolicy.FAIL, but its items are typed DTOs whose"
              + " unknown fields Jackson drops when reading, so an added vendor field cannot be detected. Read the items"
              + " as JsonNode (and map them), or use DriftPolicy.WARN");
        }
        requireError(run, SyncException.Kind.SCHEMA_DRIFT, ADDED_FIELD, "an added field '" + ADDED_FIELD
            + "' under DriftPolicy.FAIL", stream);
        return;
      }
      requireDone(run, "stream '" + stream + "' with an added field '" + ADDED_FIELD + "' in every item (DriftPolicy.WARN)", rig);
      if (trees && run.result().driftWarnings() == 0) {
        throw new AssertionError("stream '" + stream + "': an added field '" + ADDED_FIELD + "' in every item was not"
            + " reported as drift: declare the stream's expected fields in its StreamSpec");
      }
      if (!trees) {
        requireGolden(rig, g, "with an added vendor field (typed DTOs ignore it)");
      }
    }
  }

  /** Removing a required field from every vendor item is detected: a drift finding or a failed run, never silence. */
  public void removedRequiredFieldIsDetected(String stream, String field) {
    Golden.StreamGolden g = golden.stream(stream);
    StreamSpec spec = spec(stream);
    List<ObjectNode> mappings = driftMappings(g, spec, n -> n.remove(field), "remove required field '" + field + "'");
    try (Rig rig = new Rig(provider, settings, mappings, Rig.TokenEndpoint.GRANTS)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      if (spec.driftPolicy() == DriftPolicy.FAIL) {
        requireError(run, SyncException.Kind.SCHEMA_DRIFT, field, "a removed required field '" + field
            + "' under DriftPolicy.FAIL", stream);
        return;
      }
      if (run.done() && run.result().driftWarnings() == 0) {
        throw new AssertionError("stream '" + stream + "': removing required field '" + field + "' from every item went"
            + " unnoticed (no drift warning, no error); check the field is a top-level JSON name of the vendor item");
      }
      if (run.result() == null) {
        throw new AssertionError("stream '" + stream + "' with required field '" + field + "' removed: " + describe(run));
      }
    }
  }

  // --- HTTP faults ---

  /** A 429 with {@code Retry-After: 7} is waited out (at least 7 s of virtual time) and retried. */
  public void rateLimitIsWaitedOut(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      rig.faultOnce(aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
          .withHeader("Content-Type", "application/json").withBody("{\"error\":\"rate limited by the contract kit\"}"));
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "stream '" + stream + "' after one 429", rig);
      Duration longest = rig.time.sleeps().stream().max(Duration::compareTo).orElse(Duration.ZERO);
      if (longest.compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS)) < 0) {
        throw new AssertionError("after a 429 with Retry-After: " + RETRY_AFTER_SECONDS + " the runtime waited at most "
            + longest + " before retrying (waits: " + rig.time.sleeps() + ")");
      }
      requireGolden(rig, g, "after a 429 was waited out");
    }
  }

  /** A 503 is retried and the sync completes. */
  public void serverErrorIsRetried(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      rig.faultOnce(aResponse().withStatus(503).withBody("upstream unavailable (contract kit)"));
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "stream '" + stream + "' after one 503 (it must be retried)", rig);
      requireGolden(rig, g, "after a 503 was retried");
    }
  }

  /** A 400 is not retried: exactly one request, and the run fails naming the vendor's rejection. */
  public void clientErrorIsNotRetried(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      rig.faultOnce(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
          .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"rejected by the contract kit\"}}"));
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      var first = rig.firstRequestRepeats();
      if (run.requests() != 1) {
        throw new AssertionError("stream '" + stream + "' retried a 400: the vendor answered " + first.getKey()
            + " with 400, and the connector sent it " + (first.getValue() - 1) + " more times (" + describe(run)
            + "). A 4xx is not retried: let the framework's VendorRequestException propagate instead of retrying"
            + " around the client");
      }
      if (run.result() == null || run.result().error().isEmpty()
          || !hasCause(run.result().error().get(), VendorRequestException.class)) {
        throw new AssertionError("stream '" + stream + "': a 400 should fail the run with the framework's"
            + " VendorRequestException, but " + describe(run));
      }
    }
  }

  /** A response slower than the read timeout is retried and the sync completes. */
  public void readTimeoutIsRetried(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = new Rig(provider, settings, g.copies(), Rig.TokenEndpoint.GRANTS, 1, null, settings.readTimeout())) {
      rig.faultOnce(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")
          .withFixedDelay((int) Math.max(1000, settings.readTimeout().toMillis() * 4)));
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "stream '" + stream + "' after one response slower than the read timeout (" + settings.readTimeout()
          + ", it must be retried)", rig);
      requireGolden(rig, g, "after a read timeout was retried");
    }
  }

  // --- tokens ---

  /** An expired access token is refreshed exactly once, and the sync succeeds. */
  public void expiredTokenIsRefreshedOnce(String stream) {
    requireTokens();
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      requireDone(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), "the first sync of stream '" + stream + "'", rig);
      int first = rig.tokenRequests();
      rig.time.advance(Duration.ofHours(2));
      Rig.Run again = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(again, "stream '" + stream + "' after its access token expired", rig);
      int refreshes = rig.tokenRequests() - first;
      if (refreshes != 1) {
        throw new AssertionError("after the access token expired, the runtime asked the token endpoint " + refreshes
            + " times during one sync of stream '" + stream + "'; expected exactly one refresh");
      }
    }
  }

  /** A refused grant ({@code invalid_grant}) fails closed: the run fails, and no vendor request is made, now or on a rerun. */
  public void refusedGrantFailsClosed(String stream) {
    requireTokens();
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = new Rig(provider, settings, g.copies(), Rig.TokenEndpoint.REFUSES_GRANT)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      if (run.result() == null || run.result().error().isEmpty()
          || !hasCause(run.result().error().get(), ReauthorizationRequiredException.class)) {
        throw new AssertionError("stream '" + stream + "': when the token endpoint answers invalid_grant the run must fail"
            + " with ReauthorizationRequiredException, but " + describe(run));
      }
      int tokenCalls = rig.tokenRequests();
      Rig.Run rerun = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      if (rig.requests() != 0 || rig.tokenRequests() != tokenCalls || rerun.done()) {
        throw new AssertionError("stream '" + stream + "' did not fail closed after invalid_grant: the vendor got "
            + rig.requests() + " requests and the token endpoint " + (rig.tokenRequests() - tokenCalls)
            + " more on a rerun (expected none)");
      }
    }
  }

  /** A 401 forces exactly one token refresh, and the retried request succeeds. */
  public void unauthorizedForcesOneRefresh(String stream) {
    requireTokens();
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      rig.faultOnce(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
          .withBody("{\"error\":\"invalid_token\"}"));
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      requireDone(run, "stream '" + stream + "' after one 401", rig);
      if (rig.tokenRequests() != 2) {
        throw new AssertionError("after one 401 the token endpoint was asked " + rig.tokenRequests()
            + " times; expected 2 (the first token, then one forced refresh)");
      }
      requireGolden(rig, g, "after a 401 and a forced refresh");
    }
  }

  // --- security ---

  /**
   * The test credentials (and the kit's access token) never reach the logs: not in the raw log
   * events (a connector must not log credentials even though the encoder would redact them), not
   * in the redacted output, not in exception messages; plain, Base64 or URL-encoded.
   */
  public void canarySecretsNeverReachTheLogs(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    List<String> messages = new ArrayList<>();
    Map<String, String> canaries = new LinkedHashMap<>();
    settings.secrets().forEach((name, value) -> canaries.put("secret '" + name + "'", value));
    try (LogCapture logs = LogCapture.start()) {
      try (Rig rig = rig(stream)) {
        if (rig.usesTokens()) {
          canaries.put("the access token", rig.accessToken);
        }
        collect(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), messages);
        rig.faultOnce(aResponse().withStatus(401).withBody("{\"error\":\"invalid_token\"}"));
        collect(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), messages);
        rig.faultOnce(aResponse().withStatus(400).withBody("{\"error\":\"rejected\"}"));
        collect(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), messages);
      }
      for (var c : canaries.entrySet()) {
        for (String form : forms(c.getValue())) {
          for (LogCapture.Event e : logs.raw()) {
            if (e.text().contains(form)) {
              throw new AssertionError("the canary " + c.getKey() + " was logged by '" + e.logger() + "' at " + e.level()
                  + (form.equals(c.getValue()) ? "" : " (encoded)") + ": a connector must never log credentials, even"
                  + " though the redacting encoder masks known secrets");
            }
          }
          if (logs.redacted().contains(form)) {
            throw new AssertionError("the canary " + c.getKey() + " reached the log output despite the redacting encoder");
          }
          for (String m : messages) {
            if (m.contains(form)) {
              throw new AssertionError("the canary " + c.getKey() + " appears in an exception message: " + m.replace(form, "****"));
            }
          }
        }
      }
    }
  }

  /** Every vendor call goes to the connection's base URL and is answered by a golden mapping. */
  public void requestsGoOnlyToTheConnectionsBaseUrl(String stream) {
    Golden.StreamGolden g = golden.stream(stream);
    try (Rig rig = rig(stream)) {
      Rig.Run run = rig.sync(stream, SyncStart.full(), null, maxRequests(g));
      if (run.result() != null && run.result().error().isPresent()
          && hasCause(run.result().error().get(), EgressDeniedException.class)) {
        throw new AssertionError("stream '" + stream + "' called a host other than the connection's base URL, and the"
            + " egress guard refused it: " + run.result().error().get().getMessage() + ". Call only the vendor API"
            + " through the framework's client, relative to the base URL");
      }
      requireDone(run, "a full sync of stream '" + stream + "'", rig);
      int elsewhere = rig.attempts.size() - rig.requests();
      if (elsewhere > 0) {
        throw new AssertionError("stream '" + stream + "' made " + elsewhere + " vendor calls that never reached the"
            + " connection's base URL (" + rig.attempts.size() + " attempts, " + rig.requests() + " at the golden server)");
      }
      requireOnlyGoldenRequests(rig, stream);
    }
  }

  /** The connector's classes pass the architecture rules (api only, no own HTTP clients, no env, no stdout). */
  public void architectureRulesPass() {
    String pkg = settings.connectorPackage().orElse(provider.getClass().getPackageName());
    // The connector's own classes: those from the provider's class-path root (its jar or classes
    // directory), not its tests, whatever the directory layout.
    java.security.CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
    JavaClasses all = source == null
        ? new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(pkg)
        : new ClassFileImporter().importLocations(List.of(Location.of(source.getLocation())));
    JavaClasses classes = all.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(pkg + ".."));
    if (classes.isEmpty()) {
      throw new AssertionError("no classes found in connector package " + pkg
          + ": set ContractSettings.connectorPackage to the connector's root package");
    }
    ArchitectureRules.check(classes, ArchitectureRules.connectorRules(pkg));
  }

  // --- helpers ---

  Rig rig(String stream) {
    return new Rig(provider, settings, golden.stream(stream).copies(), Rig.TokenEndpoint.GRANTS);
  }

  StreamSpec spec(String stream) {
    StreamSpec s = manifest.stream(stream);
    if (s == null) {
      throw new IllegalArgumentException("connector '" + manifest.id() + "' has no stream '" + stream + "'");
    }
    return s;
  }

  /** The golden mapping indexes in the order a full sync requests them. */
  private List<Integer> goldenOrder(String stream, Golden.StreamGolden g) {
    try (Rig rig = rig(stream)) {
      requireDone(rig.sync(stream, SyncStart.full(), null, maxRequests(g)), "a full sync of stream '" + stream + "'", rig);
      List<Integer> order = rig.servedOrder().stream().filter(i -> i >= 0).toList();
      if (order.isEmpty()) {
        throw new AssertionError("stream '" + stream + "': a full sync made no request the golden mappings answer");
      }
      return order;
    }
  }

  private List<ObjectNode> driftMappings(Golden.StreamGolden g, StreamSpec spec,
      java.util.function.Consumer<ObjectNode> edit, String what) {
    if (spec.requiredFields().isEmpty()) {
      throw new TestAbortedException("stream '" + spec.name() + "' declares no required fields, so the kit cannot find"
          + " its items in the golden bodies to " + what + "; declare requiredFields in its StreamSpec");
    }
    List<ObjectNode> mappings = g.copies();
    int changed = Golden.editBodies(mappings, body -> Golden.editItems(body, spec.requiredFields(), edit));
    if (changed == 0) {
      throw new AssertionError("stream '" + spec.name() + "': no JSON object in the golden bodies holds all of its"
          + " required fields " + spec.requiredFields().stream().sorted().toList() + ": the golden bodies or the"
          + " StreamSpec's requiredFields are wrong");
    }
    return mappings;
  }

  /** Whether the stream's items are JSON trees or maps (whose unknown fields drift checks can see). */
  private boolean itemsAreTrees(String stream) {
    try (Rig rig = rig(stream)) {
      Page<?> page = rig.runtime.asConnection(Rig.CONNECTION,
          () -> rig.runtime.stream(Rig.CONNECTION, stream).read(rig.runtime.context(Rig.CONNECTION), Cursor.START));
      Object first = page.items().isEmpty() ? null : page.items().get(0);
      return first instanceof com.fasterxml.jackson.databind.JsonNode || first instanceof Map<?, ?>;
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("stream '" + stream + "': reading the first golden page failed: " + e, e);
    }
  }

  private void requireTokens() {
    if (!usesTokens()) {
      throw new TestAbortedException("connector '" + manifest.id() + "' uses auth '" + manifest.auth().type()
          + "', not an OAuth2 token scheme");
    }
  }

  private static int maxRequests(Golden.StreamGolden g) {
    return g.mappings().size() * 4 + 10;
  }

  private static void requireDone(Rig.Run run, String what, Rig rig) {
    if (run.cutOff()) {
      throw new AssertionError(what + " did not end: the kit cut the vendor off after " + run.requests() + " requests"
          + " (unmatched: " + rig.unmatched() + ")");
    }
    if (run.thrown() != null) {
      throw new AssertionError(what + " threw " + run.thrown(), run.thrown());
    }
    if (run.result().stoppedBecause() != SyncResult.StopReason.DONE) {
      List<String> unmatched = rig.vendor.isRunning() ? rig.unmatched() : List.of();
      throw new AssertionError(what + " failed: " + run.result().error().map(Throwable::getMessage)
          .orElse("stopped because " + run.result().stoppedBecause())
          + (unmatched.isEmpty() ? "" : ". Requests no golden mapping answers: " + unmatched));
    }
  }

  private static void requireOnlyGoldenRequests(Rig rig, String stream) {
    List<String> unmatched = rig.unmatched();
    if (!unmatched.isEmpty()) {
      throw new AssertionError("stream '" + stream + "' sent requests the golden files do not answer: " + unmatched
          + ". Re-record the golden files or fix the request");
    }
  }

  private void requireGolden(Rig rig, Golden.StreamGolden g, String when) {
    RecordDiff diff = RecordDiff.of(g.expected(), rig.records(g.stream()), spec(g.stream()).personalFields());
    if (!diff.isEmpty()) {
      throw new AssertionError("stream '" + g.stream() + "' " + when + " does not hold the golden records (expected-records.json):\n  "
          + diff.describe());
    }
  }

  private static void requireError(Rig.Run run, SyncException.Kind kind, String naming, String what, String stream) {
    Optional<SyncException> error = run.result() == null ? Optional.empty() : run.result().error();
    if (error.isEmpty() || error.get().kind() != kind || !error.get().getMessage().contains(naming)) {
      throw new AssertionError("stream '" + stream + "': " + what + " should stop the run with " + kind + " naming '"
          + naming + "', but " + describe(run));
    }
  }

  static String describe(Rig.Run run) {
    if (run.cutOff()) {
      return "it did not end (cut off after " + run.requests() + " requests)";
    }
    if (run.thrown() != null) {
      return "it threw " + run.thrown();
    }
    SyncResult r = run.result();
    return "the run " + (r.error().isPresent() ? "failed (" + r.error().get().kind() + "): " + r.error().get().getMessage()
        : "ended " + r.stoppedBecause() + " after " + r.pages() + " pages, " + r.written() + " written, "
            + r.driftWarnings() + " drift warnings") + " [" + run.requests() + " requests]";
  }

  private static String show(Optional<Cursor> c) {
    return c.map(x -> "'" + x.value() + "'").orElse("<none>");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static void collect(Rig.Run run, List<String> messages) {
    Throwable t = run.thrown() != null ? run.thrown() : run.result() == null ? null : run.result().error().orElse(null);
    for (Throwable c = t; c != null; c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
    }
  }

  private static List<String> forms(String secret) {
    return List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
        URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  /** Delegates to {@code sink} for {@code pages} pages, then fails like a crash: that page rolls back. */
  static Sink crashAfter(int pages, Sink sink) {
    int[] seen = {0};
    return (context, records) -> {
      if (seen[0]++ >= pages) {
        throw new IllegalStateException("simulated crash after " + pages + " pages (contract kit)");
      }
      return sink.upsert(context, records);
    };
  }
}
